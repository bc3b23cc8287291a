# SPDX-License-Identifier: GPL-2.0
#
# The guest side of scripts/guest's protocol, shared by both /init scripts
# (scripts/guest-init, scripts/guest-image-init), which source it from
# /lib/ksymstat/init.sh in the initramfs.  busybox sh.
#   ks_boot           busybox applets, PATH, /proc, /sys, /dev
#   ks_load_modules   insmod each line of /lib/ksymstat/order (MOD ARGS...);
#                     a failure says which and ends the guest (ks_finish)
#   ks_finish         the kernel log and the files of $ks_out sent back over
#                     the console, ks_unmount (when defined), the exit status
#                     line "KSYMSTAT-GUEST-EXIT: $rc" the host waits for,
#                     then power off
# The host reads: KSYMSTAT-GUEST: lines (steps), KSYMSTAT-DMESG-BEGIN/END,
# KSYMSTAT-OUT-BEGIN/END (a base64 tar.gz), KSYMSTAT-GUEST-EXIT: N.

rc=1
ks_out=/out

ks_boot() {
	/bin/busybox --install -s /bin
	export PATH=/bin
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	mount -t devtmpfs devtmpfs /dev
}

ks_finish() {
	echo "KSYMSTAT-DMESG-BEGIN"
	dmesg
	echo "KSYMSTAT-DMESG-END"
	echo "KSYMSTAT-OUT-BEGIN"
	tar -czf - -C "$ks_out" . 2>/dev/null | base64
	echo "KSYMSTAT-OUT-END"
	sync
	command -v ks_unmount >/dev/null && ks_unmount
	echo "KSYMSTAT-GUEST-EXIT: $rc"
	poweroff -f
}

ks_load_modules() {
	echo "KSYMSTAT-GUEST: $(uname -r) $(uname -m) booted"
	while read -r mod args; do
		[ -n "$mod" ] || continue
		if ! insmod "/lib/ksymstat/$mod" $args; then
			echo "KSYMSTAT-GUEST: insmod $mod $args failed"
			ks_finish
		fi
	done </lib/ksymstat/order
}

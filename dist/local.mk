# dist/: files for packagers (systemd units, cron, completion).

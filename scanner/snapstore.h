/*
 * snapstore: where saved scans live.  --save=FILE and --diff=FILE name a
 * file; without FILE (or with FILE a directory) a store is used: one
 * directory per set of scanned paths, named as systemd-escape --path
 * names them ("/var/log" -> "var-log"), holding the last SNAPSTORE_KEEP
 * snapshots, each named by its UTC time ("20261206T031500.123456Z.snap")
 * so that names sort as times.
 *
 *	/var/lib/headroom/scan/var/20261205T031500.000000Z.snap
 *	/var/lib/headroom/scan/var/20261206T031500.000000Z.snap
 *
 * The store's directories are made mode 0700 and are refused when they
 * are symbolic links, owned by another user, or writable by others.
 */
#ifndef HR_SNAPSTORE_H
#define HR_SNAPSTORE_H

#include <stddef.h>
#include <stdint.h>

#include "lib/diag.h"
#include "lib/sbuf.h"
#include "scanner/snapshot.h"

#define SNAPSTORE_DEFAULT "/var/lib/headroom/scan"
#define SNAPSTORE_KEEP 7

/*
 * Appends to dir the store directory, under root, for the scanned paths
 * reals (real absolute paths; the order does not matter).
 */
void snapstore_dir(
    const char *root, char *const *reals, size_t n, struct sbuf *dir);

/*
 * Sets path to the newest snapshot in dir.  Returns 0, or -1 with err
 * set ("no saved scan in 'dir'" when there is none).
 */
int snapstore_latest(const char *dir, struct sbuf *path, struct hr_error *err);

/*
 * Makes dir (and its parents) when missing and checks that it is the
 * store's own: a directory, not a symbolic link, owned by this user and
 * writable by no one else.  Returns 0, or -1 with err set.
 */
int snapstore_prepare(const char *dir, struct hr_error *err);

/*
 * Writes len bytes of data as a new snapshot in dir (made with its
 * parents when missing), named by sec and nsec: a temporary file, fsync,
 * a rename that never replaces, fsync of dir.  Then removes the oldest
 * snapshots beyond SNAPSTORE_KEEP (only names this module makes).  The
 * new file's name goes to path.  Returns 0, or -1 with err set and no
 * file left behind.
 */
int snapstore_save(const char *dir, const void *data, size_t len, int64_t sec,
    long nsec, struct sbuf *path, struct hr_error *err);

/*
 * Reads and decodes the snapshot file path.  Returns 0, or -1 with err
 * set ("cannot open 'path': ...", or snapshot_decode's errors).
 */
int snapshot_load(const char *path, struct snapshot *s, struct hr_error *err);

#endif

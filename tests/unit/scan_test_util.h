/*
 * scan_test_util: what the scanner's unit tests share: directory records
 * built by hand, in the shape the walker leaves them (children in order,
 * depth set), to feed the tree sink and the writers without a walk.
 */
#ifndef HR_SCAN_TEST_UTIL_H
#define HR_SCAN_TEST_UTIL_H

#include <stdint.h>

#include "scanner/sink.h"

/*
 * A directory named name, with disk and size as its own usage, appended
 * to parent's children (parent may be NULL for a root).  Free each with
 * free(3), children first.
 */
struct scan_dir *scan_test_dir(
    struct scan_dir *parent, const char *name, uint64_t disk, uint64_t size);

#endif

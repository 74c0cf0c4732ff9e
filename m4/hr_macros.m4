# HR_PROBE_CFLAGS(VAR, FLAGS): append to VAR each flag of FLAGS the C compiler
# accepts without a warning.
AC_DEFUN([HR_PROBE_CFLAGS], [
  for hr_flag in $2; do
    AC_MSG_CHECKING([whether $CC accepts $hr_flag])
    hr_save_CFLAGS=$CFLAGS
    CFLAGS="$CFLAGS -Werror $hr_flag"
    AC_LINK_IFELSE([AC_LANG_PROGRAM([], [])],
      [AC_MSG_RESULT([yes]); $1="$$1 $hr_flag"],
      [AC_MSG_RESULT([no])])
    CFLAGS=$hr_save_CFLAGS
  done
])

# AX_HR_PTHREAD: find how to link POSIX threads into PTHREAD_CFLAGS/LIBS.
AC_DEFUN([AX_HR_PTHREAD], [
  HR_PROBE_CFLAGS([PTHREAD_CFLAGS], [-pthread])
  PTHREAD_LIBS=$PTHREAD_CFLAGS
  AS_IF([test -z "$PTHREAD_CFLAGS"],
        [AC_SEARCH_LIBS([pthread_create], [pthread], [],
                        [AC_MSG_ERROR([POSIX threads are required])])])
  AC_SUBST([PTHREAD_CFLAGS])
  AC_SUBST([PTHREAD_LIBS])
])

# HR_LIBARCHIVE_SONAME: the name rotate dlopen()s libarchive by, read from
# the NEEDED entry of a program linked with LIBARCHIVE_LIBS, into the
# LIBARCHIVE_SONAME define.  Falls back to libarchive.so.13, the soname
# since libarchive 3.0.
AC_DEFUN([HR_LIBARCHIVE_SONAME], [
  AC_CHECK_TOOL([OBJDUMP], [objdump], [false])
  AC_CACHE_CHECK([for libarchive's soname], [hr_cv_libarchive_soname], [
    hr_cv_libarchive_soname=libarchive.so.13
    hr_save_LIBS=$LIBS
    LIBS="$LIBARCHIVE_LIBS $LIBS"
    AC_LINK_IFELSE([AC_LANG_PROGRAM([[#include <archive.h>]],
                                    [[return archive_version_number() == 0;]])],
      [hr_soname=`$OBJDUMP -p conftest$EXEEXT 2>/dev/null |
                  sed -n 's/^ *NEEDED *\(libarchive\.so[.0-9]*\)$/\1/p'`
       AS_IF([test -n "$hr_soname"], [hr_cv_libarchive_soname=$hr_soname])])
    LIBS=$hr_save_LIBS])
  AC_DEFINE_UNQUOTED([LIBARCHIVE_SONAME], ["$hr_cv_libarchive_soname"],
                     [The library rotate loads for xz, bzip2, zstd and lz4.])
])

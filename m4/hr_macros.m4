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

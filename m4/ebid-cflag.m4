dnl EBID_CHECK_CFLAG(FLAG, ACTION-IF-OK)
dnl Runs ACTION-IF-OK when the C compiler accepts FLAG with -Werror.
AC_DEFUN([EBID_CHECK_CFLAG], [
	AC_MSG_CHECKING([whether $CC accepts $1])
	ebid_save_CFLAGS="$CFLAGS"
	CFLAGS="$CFLAGS -Werror $1"
	AC_COMPILE_IFELSE([AC_LANG_PROGRAM([], [])],
		[AC_MSG_RESULT([yes]); $2], [AC_MSG_RESULT([no])])
	CFLAGS="$ebid_save_CFLAGS"
])

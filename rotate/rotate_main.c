#include "config.h"

#include <string.h>

#include "lib/diag.h"
#include "rotate/rotate_main.h"

int
rotate_main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--help") == 0)
		return 0;
	diag_say("rotate: the rotation engine is not built yet");
	return 2;
}

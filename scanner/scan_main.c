#include "config.h"

#include <string.h>

#include "lib/diag.h"
#include "scanner/scan_main.h"

int
scan_main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--help") == 0)
		return 0;
	diag_say("scan: the scanner is not built yet");
	return 2;
}

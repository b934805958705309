/* Test-only: plays Excel or WPS holding a workbook open. Opens the file named by its argument
 * the way Excel does (read access, sharing reads only: no FILE_SHARE_WRITE, no FILE_SHARE_DELETE),
 * prints "holding" on stdout, and keeps the file open until its standard input closes. Under Wine
 * the wineserver enforces the share mode against every other Wine process, as Windows does.
 * Build: x86_64-w64-mingw32-gcc -municode -o hold_open.exe hold_open.c */
#include <stdio.h>
#include <windows.h>

int wmain(int argc, wchar_t **argv) {
    if (argc != 2) {
        fputs("usage: hold_open FILE\n", stderr);
        return 2;
    }
    HANDLE file = CreateFileW(argv[1], GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) {
        fprintf(stderr, "cannot open: error %lu\n", GetLastError());
        return 1;
    }
    puts("holding");
    fflush(stdout);
    char line[64];
    while (fgets(line, sizeof line, stdin)) {
    }
    CloseHandle(file);
    return 0;
}

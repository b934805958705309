/* Test-only stand-in for Windows 10's bcryptprimitives.dll, which Wine 8 lacks and Rust's std
 * calls for randomness (ProcessPrng). Forwards to advapi32's RtlGenRandom (SystemFunction036).
 * Installed into the test Wine prefix only, never shipped. Build:
 * x86_64-w64-mingw32-gcc -shared -o bcryptprimitives.dll bcryptprimitives.c -ladvapi32 */
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) { return SystemFunction036(data, (ULONG)length); }

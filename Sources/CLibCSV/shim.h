// The modulemap's header path is relative to the modulemap, so the system header is reached
// through this shim rather than named directly.
#ifndef KAOPING_CLIBCSV_SHIM_H
#define KAOPING_CLIBCSV_SHIM_H
#include <csv.h>
#endif

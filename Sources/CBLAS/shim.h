#ifndef WINNOW_CBLAS_SHIM_H
#define WINNOW_CBLAS_SHIM_H
#include <cblas.h>
#endif

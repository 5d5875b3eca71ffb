// Exposes OpenBLAS's CBLAS interface (cblas_sgemm) and its thread control to Swift.
#include <cblas.h>

// LAPACKE (C interface to LAPACK) and CBLAS, provided by Debian's liblapacke-dev and libopenblas-dev.
#include <lapacke.h>
#include <cblas.h>

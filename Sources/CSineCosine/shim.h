// Exposes the C library's sincos (a GNU extension that Swift's Glibc module leaves out) as sg_sincos.
#ifndef CSINECOSINE_SHIM_H
#define CSINECOSINE_SHIM_H
#include <math.h>
#if defined(__GLIBC__)
extern void sincos(double x, double *s, double *c);
/// sin x and cos x from one argument reduction; glibc computes them with the code of sin and cos, same bits.
static inline void sg_sincos(double x, double *s, double *c) { sincos(x, s, c); }
#else
/// Elsewhere the two calls: no promise that a joint routine matches them bit for bit.
static inline void sg_sincos(double x, double *s, double *c) { *s = sin(x); *c = cos(x); }
#endif
#endif

// Exposes libzmq's C API to Swift.
#include <zmq.h>

#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
// Returns freed heap pages to the system (glibc keeps them otherwise), after a server released large buffers.
static inline void sensing_gym_malloc_trim(void) { malloc_trim(0); }
#else
static inline void sensing_gym_malloc_trim(void) {}
#endif

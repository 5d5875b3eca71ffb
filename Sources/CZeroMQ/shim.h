// Exposes libzmq's C API to Swift.
#include <zmq.h>

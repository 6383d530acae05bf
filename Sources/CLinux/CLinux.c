// Intentionally empty: all shims are static inline in include/CLinux.h.
#include "CLinux.h"

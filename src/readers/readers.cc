// Placeholder until the readers land.
#include "bahth/readers.h"

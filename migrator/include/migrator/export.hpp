#pragma once
// MIGRATOR_API marks what libmigrator exports. The library is built with hidden visibility, so
// everything else (the core's internals under migrator/src/) stays out of the shared object's
// symbol table and may change without notice.

#if defined(MIGRATOR_STATIC_DEFINE)
#define MIGRATOR_API
#else
#define MIGRATOR_API __attribute__((visibility("default")))
#endif

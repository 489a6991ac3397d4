#ifndef CSTRATADIGEST_H
#define CSTRATADIGEST_H

#include <stddef.h>
#include <stdint.h>

// SHA-256's compression function for StrataTracking's artifact fingerprints: the CPU's SHA
// instructions where it has them (chosen at run time), portable C otherwise. Not a public API.

/// Runs SHA-256's compression over `block_count` consecutive 64-byte blocks at `data`, updating
/// `state` (a, b, c, d, e, f, g, h).
void strata_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t block_count);

/// 1 when `strata_sha256_blocks` uses the CPU's SHA extensions, 0 when it runs portable C.
int strata_sha256_uses_sha_extensions(void);

/// The portable path alone (tests compare the two).
void strata_sha256_blocks_portable(uint32_t state[8], const uint8_t *data, size_t block_count);

#endif

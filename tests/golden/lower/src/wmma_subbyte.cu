// Golden lowering input: the sub-byte wmma forms (tests/golden/lower/wmma_subbyte.ptx,
// nvcc -arch=sm_80 -ptx): m8n8k32 s4 loads (A row, B column major), an s32
// accumulator load and store, the s4 mma with saturation (MMAS.M8N8K32
// steps) and the b1 m8n8k128 xor/and popc mma (one MMAX each).
#include <mma.h>
using namespace nvcuda;
__global__ void wmma_subbyte(const void *A, const void *B, const int *C, int *D, int ld)
{
    wmma::fragment<wmma::matrix_a, 8, 8, 32, wmma::experimental::precision::s4, wmma::row_major> a;
    wmma::fragment<wmma::matrix_b, 8, 8, 32, wmma::experimental::precision::s4, wmma::col_major> b;
    wmma::fragment<wmma::accumulator, 8, 8, 32, int> c;
    wmma::load_matrix_sync(a, A, ld);
    wmma::load_matrix_sync(b, B, ld);
    wmma::load_matrix_sync(c, C, 8, wmma::mem_row_major);
    wmma::mma_sync(c, a, b, c, true);
    wmma::store_matrix_sync(D, c, 8, wmma::mem_col_major);
    wmma::fragment<wmma::matrix_a, 8, 8, 128, wmma::experimental::precision::b1, wmma::row_major> x;
    wmma::fragment<wmma::matrix_b, 8, 8, 128, wmma::experimental::precision::b1, wmma::col_major> y;
    wmma::fragment<wmma::accumulator, 8, 8, 128, int> z;
    wmma::load_matrix_sync(x, A, ld);
    wmma::load_matrix_sync(y, B, ld);
    wmma::fill_fragment(z, 0);
    wmma::bmma_sync(z, x, y, z, wmma::experimental::bmmaBitOpXOR, wmma::experimental::bmmaAccumulateOpPOPC);
    wmma::bmma_sync(z, x, y, z, wmma::experimental::bmmaBitOpAND, wmma::experimental::bmmaAccumulateOpPOPC);
    wmma::store_matrix_sync(D + 64, z, 8, wmma::mem_row_major);
}

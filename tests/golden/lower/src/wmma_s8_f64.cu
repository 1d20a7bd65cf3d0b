#include <mma.h>
using namespace nvcuda;
__global__ void wmma_s8(const signed char *a, const signed char *b, int *d)
{
    __shared__ signed char sa[32 * 16];
    sa[threadIdx.x] = a[threadIdx.x];
    __syncwarp();
    wmma::fragment<wmma::matrix_a, 8, 32, 16, signed char, wmma::col_major> fa;
    wmma::fragment<wmma::matrix_b, 8, 32, 16, signed char, wmma::row_major> fb;
    wmma::fragment<wmma::accumulator, 8, 32, 16, int> acc;
    wmma::fill_fragment(acc, 0);
    wmma::load_matrix_sync(fa, sa, 16);
    wmma::load_matrix_sync(fb, b, 32);
    wmma::mma_sync(acc, fa, fb, acc, true);
    wmma::store_matrix_sync(d, acc, 32, wmma::mem_row_major);
}
__global__ void wmma_f64(const double *a, const double *b, double *d)
{
    wmma::fragment<wmma::matrix_a, 8, 8, 4, double, wmma::row_major> fa;
    wmma::fragment<wmma::matrix_b, 8, 8, 4, double, wmma::row_major> fb;
    wmma::fragment<wmma::accumulator, 8, 8, 4, double> acc;
    wmma::load_matrix_sync(acc, d, 8, wmma::mem_row_major);
    wmma::load_matrix_sync(fa, a, 4);
    wmma::load_matrix_sync(fb, b, 8);
    wmma::mma_sync(acc, fa, fb, acc);
    wmma::store_matrix_sync(d, acc, 8, wmma::mem_row_major);
}

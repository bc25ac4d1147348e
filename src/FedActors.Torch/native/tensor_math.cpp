// Squared distances of update vectors (all pairs of one list, or every row of one list to every row of another):
// float32 Gram products, close pairs summed again in float64.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <utility>

#include "internal.h"

using fedtorch::guarded;

namespace {

// Columns per float32 product: the error bound below grows with it, the cost of adding the products up shrinks.
constexpr int64_t kChunk = 512;
// The relative error a distance taken from the Gram products may have: what the tests have always asked of the
// distances. Float32 cannot vouch for much less (its bound below is 2 kChunk 2^-24 = 6e-5 of sqrt(n_i n_j)), so a
// tighter one would send ordinary pairs down the slow path, where the pairs the bound cannot vouch for are summed.
constexpr double kTolerance = 1e-4;
// Columns per pass when pairs are summed again directly: the rows' blocks (8 KB each) stay in cache for all their
// pairs (measured: 4096 is 1.4x slower at k = 1000).
constexpr int64_t kExactBlock = 2048;

// Higham's gamma_n = n u / (1 - n u): the relative error bound of n roundings to unit roundoff u.
double gamma(double n, double unit) { return n * unit / (1 - n * unit); }

// sum a_l b_l in float64, in eight lanes so that the compiler vectorizes it while the order stays fixed.
double dot(const float* a, const float* b, int64_t n) {
  double lanes[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int64_t l = 0;
  for (; l + 8 <= n; l += 8) {
    for (int t = 0; t < 8; t++) lanes[t] += static_cast<double>(a[l + t]) * static_cast<double>(b[l + t]);
  }
  for (; l < n; l++) lanes[0] += static_cast<double>(a[l]) * static_cast<double>(b[l]);
  return ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
}

// sum (a_l - b_l)^2 in float64, the same way; an avx2 clone where the CPU has one (no FMA, so it rounds exactly
// like the default one).
__attribute__((target_clones("avx2", "default"))) double squared_distance(const float* a, const float* b, int64_t n) {
  double lanes[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int64_t l = 0;
  for (; l + 8 <= n; l += 8) {
    for (int t = 0; t < 8; t++) {
      const double e = static_cast<double>(a[l + t]) - static_cast<double>(b[l + t]);
      lanes[t] += e * e;
    }
  }
  for (; l < n; l++) {
    const double e = static_cast<double>(a[l]) - static_cast<double>(b[l]);
    lanes[0] += e * e;
  }
  return ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
}

// Sums the listed pairs' sum_l (a_il - b_jl)^2 in float64 into out (mirrored with same), column block by column block so
// that a row's block is read from memory once for all its pairs; each pair is summed by one task in a fixed order, so
// these sums do not depend on the threads. Equal rows come out exactly 0 apart.
void exact_distances(const float* const* a, const float* const* b, int64_t kb, int64_t d, bool same,
                     const std::vector<std::pair<int64_t, int64_t>>& pairs, double* out) {
  std::vector<double> exact(pairs.size(), 0.0);
  for (int64_t start = 0; start < d && !pairs.empty(); start += kExactBlock) {
    const auto width = std::min(kExactBlock, d - start);
    at::parallel_for(0, static_cast<int64_t>(pairs.size()), 16, [&](int64_t begin, int64_t end) {
      for (auto p = begin; p < end; p++) {
        const auto [i, j] = pairs[static_cast<size_t>(p)];
        exact[static_cast<size_t>(p)] += squared_distance(a[i] + start, b[j] + start, width);
      }
    });
  }
  for (size_t p = 0; p < pairs.size(); p++) {
    const auto [i, j] = pairs[p];
    out[i * kb + j] = exact[p];
    if (same) out[j * kb + i] = exact[p];
  }
}

// out[i * kb + j] = ||a_i - b_j||^2. With same (b is a), only the pairs i < j are computed and mirrored, and the
// diagonal is 0, so the result is exactly symmetric.
void squared_distances(const float* const* a, int64_t ka, const float* const* b, int64_t kb, int64_t d, bool same,
                       double* out) {
  torch::NoGradGuard no_grad;
  const int64_t rows = same ? ka : ka + kb;

  // Few pairs for their rows, such as a round's attackers against its other clients (the stealth metrics): summing
  // every pair directly reads the rows about as often as the Gram path's copies and norms below would (2 passes per
  // row), without a float32 product per column chunk, and is exact to float64 rounding. Not for all pairs of one list:
  // the defenses take a pair's distance from the matrix of a round's updates or of any subset of them alike (Krum,
  // Sniper and the L2 check share one per round), so it must not depend on how many rows came with it.
  const int64_t pair_count = ka * kb;
  if (!same && pair_count <= 2 * rows) {
    std::vector<std::pair<int64_t, int64_t>> pairs;
    pairs.reserve(static_cast<size_t>(pair_count));
    for (int64_t i = 0; i < ka; i++) {
      for (int64_t j = 0; j < kb; j++) pairs.emplace_back(i, j);
    }
    exact_distances(a, b, kb, d, false, pairs, out);
    return;
  }

  // The products g_ij = a_i . b_j add up in out: each column chunk of every row is copied into one float32 block of
  // kChunk columns (the rows are read where they are, no k x d copy), and the block's float32 product is added in
  // float64. The squared norms are summed in float64 on the way.
  auto row = [&](int64_t r) { return r < ka ? a[r] : b[r - ka]; };
  const int64_t chunk = std::min(d, kChunk);
  auto block = torch::empty({rows, chunk}, torch::kFloat32);
  auto product = torch::empty({ka, kb}, torch::kFloat32);
  std::vector<double> norms(static_cast<size_t>(rows), 0.0);
  auto norm_b = [&](int64_t j) { return norms[static_cast<size_t>(same ? j : ka + j)]; };
  auto first_j = [&](int64_t i) { return same ? i + 1 : int64_t{0}; };
  std::fill(out, out + ka * kb, 0.0);
  for (int64_t start = 0; start < d; start += chunk) {
    const auto width = std::min(chunk, d - start);
    float* const gathered = block.data_ptr<float>();
    for (int64_t r = 0; r < rows; r++) {
      std::memcpy(gathered + r * chunk, row(r) + start, sizeof(float) * width);
      norms[static_cast<size_t>(r)] += dot(row(r) + start, row(r) + start, width);
    }
    auto columns = block.narrow(1, 0, width);
    at::mm_out(product, columns.narrow(0, 0, ka), columns.narrow(0, same ? 0 : ka, kb).t());
    const float* p = product.data_ptr<float>();
    for (int64_t i = 0; i < ka; i++) {
      for (int64_t j = first_j(i); j < kb; j++) out[i * kb + j] += p[i * kb + j];
    }
  }

  // d_ij = n_i + n_j - 2 g_ij cancels when the two vectors are close, so it is kept only where its error bound
  // vouches for it. A float32 dot product of w terms (w = chunk), summed in whatever order the BLAS likes, is off by
  // at most gamma_w sum_l |x_il y_jl|, u = 2^-24 (Higham, Accuracy and Stability of Numerical Algorithms, eq. 3.5),
  // plus less than 2^-149 per product that underflows. Over all chunks sum_l |x_il y_jl| <= sqrt(n_i n_j)
  // (Cauchy-Schwarz), so the products put d_ij off by at most 2 gamma_w sqrt(n_i n_j) + d 2^-148; the float64
  // sums (the norms' d terms, the chunks, the last subtraction) add at most gamma(d + 8, 2^-53) (n_i + n_j). A
  // computed value >= bound (1 + 1 / kTolerance) is then within kTolerance of the exact one: with kChunk = 512,
  // about d_ij >= 0.61 sqrt(n_i n_j), i.e. vectors of equal norms at a cosine up to 0.69 (in real rounds, all pairs
  // but a few close ones, such as copies of an attacker's update). Every other pair, and any whose value is not
  // finite, is summed again as sum_l (x_il - y_jl)^2 in float64, which is exactly 0 for equal rows.
  const double gram_error = 2 * gamma(static_cast<double>(chunk), 0x1p-24);
  const double sum_error = gamma(static_cast<double>(d + 8), 0x1p-53);
  const double underflow = static_cast<double>(d) * 0x1p-148;
  std::vector<std::pair<int64_t, int64_t>> close;
  auto set = [&](int64_t i, int64_t j, double value) {
    out[i * kb + j] = value;
    if (same) out[j * kb + i] = value;
  };
  for (int64_t i = 0; i < ka; i++) {
    if (same) out[i * kb + i] = 0;
    for (int64_t j = first_j(i); j < kb; j++) {
      const double ni = norms[static_cast<size_t>(i)], nj = norm_b(j);
      const double distance = ni + nj - 2 * out[i * kb + j];
      const double bound = gram_error * std::sqrt(ni * nj) + sum_error * (ni + nj) + underflow;
      if (std::isfinite(distance) && distance >= bound * (1 + 1 / kTolerance)) {
        set(i, j, distance);
      } else {
        close.emplace_back(i, j);
      }
    }
  }

  exact_distances(a, b, kb, d, same, close, out);
}

void require_rows(const float* const* rows, int64_t k, const char* what) {
  for (int64_t i = 0; i < k; i++) {
    if (rows[i] == nullptr) throw std::invalid_argument(std::string(what) + ": null row");
  }
}

}  // namespace

FT_API int32_t ft_pairwise_squared_distances_rows(const float* const* rows, int64_t k, int64_t d, double* out) {
  return guarded([&] {
    if (rows == nullptr || out == nullptr) throw std::invalid_argument("ft_pairwise_squared_distances_rows: null argument");
    if (k < 1 || d < 1) throw std::invalid_argument("need at least one vector of at least one dimension");
    require_rows(rows, k, "ft_pairwise_squared_distances_rows");
    squared_distances(rows, k, rows, k, d, true, out);
  });
}

FT_API int32_t ft_pairwise_squared_distances(const float* x, int64_t k, int64_t d, double* out) {
  if (x == nullptr || k < 1) return ft_pairwise_squared_distances_rows(nullptr, k, d, out);
  std::vector<const float*> rows(static_cast<size_t>(k));
  for (int64_t i = 0; i < k; i++) rows[static_cast<size_t>(i)] = x + i * d;
  return ft_pairwise_squared_distances_rows(rows.data(), k, d, out);
}

FT_API int32_t ft_gram_float32(const float* x, int64_t k, int64_t d, float* out) {
  return guarded([&] {
    if (x == nullptr || out == nullptr) throw std::invalid_argument("ft_gram_float32: null argument");
    if (k < 1 || d < 1) throw std::invalid_argument("need at least one vector of at least one dimension");
    torch::NoGradGuard no_grad;
    auto rows = torch::from_blob(const_cast<float*>(x), {k, d}, torch::kFloat32);
    auto result = torch::from_blob(out, {k, k}, torch::kFloat32);
    at::mm_out(result, rows, rows.t());
  });
}

FT_API int32_t ft_cross_squared_distances_rows(const float* const* a, int64_t ka, const float* const* b, int64_t kb,
                                               int64_t d, double* out) {
  return guarded([&] {
    if (a == nullptr || b == nullptr || out == nullptr) throw std::invalid_argument("ft_cross_squared_distances_rows: null argument");
    if (ka < 1 || kb < 1 || d < 1) throw std::invalid_argument("need at least one vector on each side, of at least one dimension");
    require_rows(a, ka, "ft_cross_squared_distances_rows");
    require_rows(b, kb, "ft_cross_squared_distances_rows");
    squared_distances(a, ka, b, kb, d, false, out);
  });
}

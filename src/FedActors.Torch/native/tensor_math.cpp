// Pairwise squared distances of update vectors through Gram matrices.
#include "internal.h"

using fedtorch::guarded;

FT_API int32_t ft_pairwise_squared_distances_rows(const float* const* rows, int64_t k, int64_t d, double* out) {
  return guarded([&] {
    if (rows == nullptr || out == nullptr) throw std::invalid_argument("ft_pairwise_squared_distances_rows: null argument");
    if (k < 1 || d < 1) throw std::invalid_argument("need at least one vector of at least one dimension");
    for (int64_t i = 0; i < k; i++) {
      if (rows[i] == nullptr) throw std::invalid_argument("ft_pairwise_squared_distances_rows: null row");
    }
    torch::NoGradGuard no_grad;
    auto gram = torch::zeros({k, k}, torch::kFloat64);
    // The rows are read where they are (no k x d copy): each column chunk of every row is converted into one
    // float64 block (about 32M doubles, so memory stays bounded whatever k and d), and the blocks' Gram products
    // add up. Float64 keeps the dot products accurate: ||a||^2 + ||b||^2 - 2ab cancels badly for close vectors in
    // float32.
    const int64_t chunk = std::min<int64_t>(d, std::max<int64_t>(1, (int64_t{1} << 25) / k));
    auto block = torch::empty({k, chunk}, torch::kFloat64);
    for (int64_t start = 0; start < d; start += chunk) {
      const auto width = std::min(chunk, d - start);
      auto columns = block.narrow(1, 0, width);
      for (int64_t i = 0; i < k; i++) {
        columns.select(0, i).copy_(torch::from_blob(const_cast<float*>(rows[i] + start), {width}, torch::kFloat32));
      }
      gram.addmm_(columns, columns.t());
    }
    auto squared = gram.diagonal().clone();
    auto distances = (squared.unsqueeze(1) + squared.unsqueeze(0) - 2 * gram).clamp_min_(0);
    // (D + D^T) / 2 is exactly symmetric because floating-point addition commutes.
    distances = (distances + distances.t()) / 2;
    distances.fill_diagonal_(0);
    distances = distances.contiguous();
    std::memcpy(out, distances.data_ptr<double>(), sizeof(double) * k * k);
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
    for (int64_t i = 0; i < ka; i++) {
      if (a[i] == nullptr) throw std::invalid_argument("ft_cross_squared_distances_rows: null row");
    }
    for (int64_t i = 0; i < kb; i++) {
      if (b[i] == nullptr) throw std::invalid_argument("ft_cross_squared_distances_rows: null row");
    }
    torch::NoGradGuard no_grad;
    // As the pairwise distances: column chunks of both sides in one bounded float64 block, whose products add up
    // into the ka x kb cross products and whose squares into the norms.
    const int64_t k = ka + kb;
    const int64_t chunk = std::min<int64_t>(d, std::max<int64_t>(1, (int64_t{1} << 25) / k));
    auto cross = torch::zeros({ka, kb}, torch::kFloat64);
    auto norms = torch::zeros({k}, torch::kFloat64);
    auto block = torch::empty({k, chunk}, torch::kFloat64);
    for (int64_t start = 0; start < d; start += chunk) {
      const auto width = std::min(chunk, d - start);
      auto columns = block.narrow(1, 0, width);
      for (int64_t i = 0; i < k; i++) {
        const float* row = i < ka ? a[i] : b[i - ka];
        columns.select(0, i).copy_(torch::from_blob(const_cast<float*>(row + start), {width}, torch::kFloat32));
      }
      cross.addmm_(columns.narrow(0, 0, ka), columns.narrow(0, ka, kb).t());
      norms.add_(columns.square().sum(1));
    }
    auto distances = (norms.narrow(0, 0, ka).unsqueeze(1) + norms.narrow(0, ka, kb).unsqueeze(0) - 2 * cross).clamp_min_(0);
    distances = distances.contiguous();
    std::memcpy(out, distances.data_ptr<double>(), sizeof(double) * ka * kb);
  });
}

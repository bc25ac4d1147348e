// Pairwise squared distances of update vectors through Gram matrices.
#include "internal.h"

using fedtorch::guarded;

FT_API int32_t ft_pairwise_squared_distances(const float* x, int64_t k, int64_t d, double* out) {
  return guarded([&] {
    if (x == nullptr || out == nullptr) throw std::invalid_argument("ft_pairwise_squared_distances: null argument");
    if (k < 1 || d < 1) throw std::invalid_argument("need at least one vector of at least one dimension");
    torch::NoGradGuard no_grad;
    auto rows = torch::from_blob(const_cast<float*>(x), {k, d}, torch::kFloat32);
    auto gram = torch::zeros({k, k}, torch::kFloat64);
    // Column chunks converted to float64 keep memory bounded (about 32M doubles per chunk) and the dot products
    // accurate: ||a||^2 + ||b||^2 - 2ab cancels badly for close vectors in float32.
    const int64_t chunk = std::max<int64_t>(1, (int64_t{1} << 25) / k);
    for (int64_t start = 0; start < d; start += chunk) {
      auto block = rows.narrow(1, start, std::min(chunk, d - start)).to(torch::kFloat64);
      gram.addmm_(block, block.t());
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

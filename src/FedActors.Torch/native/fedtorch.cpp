// Process-level functions, errors and datasets.
#include <ATen/Parallel.h>
#include <dlfcn.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "internal.h"

namespace fedtorch {

namespace {
thread_local std::string last_error;
}

void set_error(const std::string& message) { last_error = message; }

torch::Device parse_device(const char* device) {
  std::string name = device == nullptr ? "cpu" : device;
  if (name == "cpu") return torch::Device(torch::kCPU);
  if (name == "cuda" || name.rfind("cuda:", 0) == 0) {
    if (!torch::cuda::is_available()) {
      throw std::invalid_argument("device '" + name + "' was asked for, but this libtorch sees no CUDA device " +
                                  "(a CPU-only libtorch, or no GPU); use device = cpu");
    }
    torch::Device parsed(name);
    if (parsed.has_index() && parsed.index() >= static_cast<int>(torch::cuda::device_count())) {
      throw std::invalid_argument("device '" + name + "' does not exist: " +
                                  std::to_string(torch::cuda::device_count()) + " CUDA device(s) available");
    }
    return parsed;
  }
  throw std::invalid_argument("unknown device '" + name + "': use cpu, cuda or cuda:N");
}

namespace {

// libtorch's CPU tensors come straight from malloc, and training frees and allocates the same sizes at every step.
// A block above glibc's mmap threshold gets a mapping of its own, unmapped when freed and zero-filled page by page when
// mapped again; free memory above the trim threshold at an arena's top goes back to the system, to be faulted in again
// at the next step. glibc starts both at 128 KiB and raises them as large blocks are freed, up to 32 and 64 MiB; fixing
// them there from the start keeps a step's tensors (cnn-mnist's unfolded convolution inputs are several MiB) in the
// arenas for reuse. Measured against an mmap threshold of 1 MiB: the batched mlp step 43,000 → 76,000 samples/s,
// cnn-mnist training at batch 64 990 → 1,960 samples/s, the kernel's page-fault time gone; the resident set over 100
// rounds of 1,000 clients grows by the same 10% (`bench round`).
#if defined(__GLIBC__)
[[maybe_unused]] const bool kMallocTuned = mallopt(M_MMAP_THRESHOLD, 32 << 20) == 1 && mallopt(M_TRIM_THRESHOLD, 64 << 20) == 1;
#endif

}  // namespace

}  // namespace fedtorch

using fedtorch::guarded;

FT_API int32_t ft_abi_version(void) { return FT_ABI_VERSION; }

FT_API const char* ft_last_error(void) { return fedtorch::last_error.c_str(); }

FT_API const char* ft_torch_version(void) { return TORCH_VERSION; }

FT_API int32_t ft_set_num_threads(int32_t threads) {
  return guarded([&] {
    if (threads < 1) throw std::invalid_argument("the number of threads must be at least 1");
    at::set_num_threads(threads);
    // The BLAS behind libtorch (OpenBLAS on Debian) keeps its own thread count; align it, so a job's matrix
    // products stay on the job's thread and sum in a fixed order.
    using set_threads_fn = void (*)(int);
    if (auto openblas = reinterpret_cast<set_threads_fn>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) {
      openblas(threads);
    }
    // Deterministic algorithms where libtorch has a choice; warn-only for ops without a deterministic variant.
    at::globalContext().setDeterministicAlgorithms(true, true);
  });
}

FT_API int32_t ft_get_num_threads(void) { return at::get_num_threads(); }

FT_API int32_t ft_cuda_device_count(void) {
  return torch::cuda::is_available() ? static_cast<int32_t>(torch::cuda::device_count()) : 0;
}

FT_API int32_t ft_dataset_create(const float* features, const int64_t* sample_shape, int32_t sample_dims,
                                 const int64_t* labels, int64_t count, const char* device, ft_dataset** out) {
  return guarded([&] {
    if (features == nullptr || labels == nullptr || out == nullptr || sample_shape == nullptr) {
      throw std::invalid_argument("ft_dataset_create: null argument");
    }
    if (count < 1 || sample_dims < 1) throw std::invalid_argument("a dataset needs at least one sample and one dimension");
    std::vector<int64_t> shape{count};
    for (int32_t i = 0; i < sample_dims; i++) {
      if (sample_shape[i] < 1) throw std::invalid_argument("sample dimensions must be positive");
      shape.push_back(sample_shape[i]);
    }
    auto dataset = std::make_unique<ft_dataset>();
    dataset->device = fedtorch::parse_device(device);
    // from_blob does not copy; clone() does, so the caller's buffers may be released afterwards.
    dataset->features = torch::from_blob(const_cast<float*>(features), shape, torch::kFloat32).clone().to(dataset->device);
    dataset->labels = torch::from_blob(const_cast<int64_t*>(labels), {count}, torch::kInt64).clone().to(dataset->device);
    *out = dataset.release();
  });
}

FT_API void ft_dataset_free(ft_dataset* dataset) { delete dataset; }

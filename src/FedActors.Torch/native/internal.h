// Shared between the shim's translation units; not part of the ABI.
#pragma once
#include <torch/torch.h>

#include <string>
#include <vector>

#include "fedtorch.h"

namespace fedtorch {

// Records the message of the current failure for ft_last_error() (thread-local).
void set_error(const std::string& message);

// Runs body, turning any C++ exception into an error code and a message.
template <typename Body>
int32_t guarded(Body&& body) {
  try {
    body();
    return FT_OK;
  } catch (const std::invalid_argument& e) {
    set_error(e.what());
    return FT_INVALID_ARGUMENT;
  } catch (const c10::Error& e) {
    set_error(e.what_without_backtrace());
    return FT_ERROR;
  } catch (const std::exception& e) {
    set_error(e.what());
    return FT_ERROR;
  } catch (...) {
    set_error("unknown C++ exception");
    return FT_ERROR;
  }
}

torch::Device parse_device(const char* device);

// One entry of the flat state vector: a parameter or a float buffer, with how to initialize it.
struct StateEntry {
  torch::Tensor tensor;
  ft_segment_kind kind;
  int64_t fan_in;
};

}  // namespace fedtorch

struct ft_model;
struct ft_dataset;

namespace fedtorch {

// A job's samples, gathered once from the dataset (train.cpp): features with the pixel trigger painted on the flagged
// samples, and labels (the dataset's, or `labels` when given).
std::pair<torch::Tensor, torch::Tensor> gather(const ft_dataset& dataset, torch::Device device, const int64_t* indices,
                                               const int64_t* labels, const uint8_t* triggered, int64_t n,
                                               const ft_train_options* trigger);

}  // namespace fedtorch

struct ft_model {
  torch::nn::Sequential net{nullptr};
  torch::Device device{torch::kCPU};
  std::vector<fedtorch::StateEntry> state;  // parameters first, then running statistics, in layer order
  int64_t state_length = 0;
  int64_t parameter_count = 0;
};

struct ft_dataset {
  torch::Tensor features;  // [count, ...sample_shape], float32, on `device`
  torch::Tensor labels;    // [count], int64
  torch::Device device{torch::kCPU};
};

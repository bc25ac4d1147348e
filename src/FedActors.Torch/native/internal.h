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

// A job's samples (train.cpp): their labels (the dataset's, or the job's own) and where their features are read.
// Without a trigger to paint, straight from the dataset, batch by batch, so a job makes no copy of its features;
// with one, from a copy of the job's samples gathered once, with the trigger painted on the flagged ones.
struct JobSamples {
  torch::Tensor features;  // the dataset's features, or the job's painted copy
  torch::Tensor rows;      // [n] int64 on the features' device: sample i is features[rows[i]]
  torch::Tensor labels;    // [n] int64 on the features' device
  int64_t first_row = -1;  // when rows are first_row, first_row + 1, ...: a range of samples is a view, not a copy

  int64_t count() const { return rows.size(0); }
  // The features of the samples at `positions` (int64, on the features' device), as one contiguous tensor.
  torch::Tensor take(const torch::Tensor& positions) const;
  // The features of samples start .. start + size − 1.
  torch::Tensor range(int64_t start, int64_t size) const;
};

JobSamples job_samples(const ft_dataset& dataset, torch::Device device, const int64_t* indices, const int64_t* labels,
                       const uint8_t* triggered, int64_t n, const ft_train_options* trigger);

// The samples of several jobs one after another (sample j of job c is sample c·n + j): they share the dataset's
// features when none has a painted copy; otherwise every job's features are copied into one tensor.
JobSamples concatenate(const std::vector<JobSamples>& jobs);

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

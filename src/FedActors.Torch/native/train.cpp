// Local training (SGD or Adam over cross-entropy) and evaluation into a confusion matrix and a summed loss.
#include <cmath>

#include "internal.h"

namespace fedtorch {
namespace {

using torch::indexing::Slice;

bool has_batch_norm(const ft_model& model) {
  for (const auto& entry : model.state) {
    if (entry.kind == FT_RUNNING_MEAN) return true;
  }
  return false;
}

}  // namespace

JobSamples job_samples(const ft_dataset& dataset, torch::Device device, const int64_t* indices, const int64_t* labels,
                       const uint8_t* triggered, int64_t n, const ft_train_options* trigger) {
  if (indices == nullptr || n < 1) throw std::invalid_argument("a job needs at least one sample index");
  if (dataset.device != device) throw std::invalid_argument("the dataset and the model are on different devices");
  auto index = torch::from_blob(const_cast<int64_t*>(indices), {n}, torch::kInt64).clone();
  auto count = dataset.features.size(0);
  const auto low = index.min().item<int64_t>();
  const auto high = index.max().item<int64_t>();
  if (low < 0 || high >= count) {
    throw std::invalid_argument("a sample index is outside the dataset (0.." + std::to_string(count - 1) + ")");
  }
  const bool in_order = high - low == n - 1 && index.equal(torch::arange(low, low + n, torch::kInt64));
  index = index.to(device);
  JobSamples samples;
  samples.features = dataset.features;
  samples.rows = index;
  samples.first_row = in_order ? low : -1;
  samples.labels = labels == nullptr ? dataset.labels.index_select(0, index)
                                     : torch::from_blob(const_cast<int64_t*>(labels), {n}, torch::kInt64).clone().to(device);
  if (triggered != nullptr && trigger != nullptr && trigger->trigger_width > 0 && trigger->trigger_height > 0) {
    auto flagged = torch::from_blob(const_cast<uint8_t*>(triggered), {n}, torch::kUInt8).to(torch::kBool).nonzero().squeeze(1).to(device);
    if (flagged.numel() > 0) {
      if (dataset.features.dim() != 4) throw std::invalid_argument("a pixel trigger needs image samples (channels x height x width)");
      auto x = dataset.features.index_select(0, index);
      auto patch = x.index_select(0, flagged);
      patch.index_put_({Slice(), Slice(), Slice(trigger->trigger_top, trigger->trigger_top + trigger->trigger_height),
                        Slice(trigger->trigger_left, trigger->trigger_left + trigger->trigger_width)},
                       trigger->trigger_value);
      x.index_copy_(0, flagged, patch);
      samples.features = x;
      samples.rows = torch::arange(n, torch::TensorOptions().dtype(torch::kInt64).device(device));
      samples.first_row = 0;
    }
  }
  return samples;
}

torch::Tensor JobSamples::take(const torch::Tensor& positions) const { return features.index_select(0, rows.index_select(0, positions)); }

torch::Tensor JobSamples::range(int64_t start, int64_t size) const {
  return first_row >= 0 ? features.narrow(0, first_row + start, size) : features.index_select(0, rows.narrow(0, start, size));
}

JobSamples concatenate(const std::vector<JobSamples>& jobs) {
  if (jobs.empty()) throw std::invalid_argument("no jobs to concatenate");
  std::vector<torch::Tensor> rows, labels;
  bool shared = true;
  for (const auto& job : jobs) {
    shared = shared && job.features.is_same(jobs[0].features);
    rows.push_back(job.rows);
    labels.push_back(job.labels);
  }
  JobSamples all;
  all.labels = torch::cat(labels);
  if (shared) {
    all.features = jobs[0].features;
    all.rows = torch::cat(rows);
    return all;
  }
  std::vector<torch::Tensor> copies;
  for (const auto& job : jobs) copies.push_back(job.range(0, job.count()));
  all.features = torch::cat(copies);
  all.rows = torch::arange(all.features.size(0), torch::TensorOptions().dtype(torch::kInt64).device(all.features.device()));
  all.first_row = 0;
  return all;
}

}  // namespace fedtorch

using fedtorch::guarded;

FT_API int32_t ft_train(ft_model* model, ft_dataset* dataset, const int64_t* indices, const int64_t* labels,
                        const uint8_t* triggered, int64_t n, const int64_t* order, const ft_train_options* options,
                        double* mean_loss) {
  return guarded([&] {
    if (model == nullptr || dataset == nullptr || order == nullptr || options == nullptr) {
      throw std::invalid_argument("ft_train: null argument");
    }
    if (options->epochs < 1 || options->batch_size < 1) throw std::invalid_argument("epochs and batch size must be at least 1");
    if (!(options->learning_rate > 0)) throw std::invalid_argument("the learning rate must be positive");
    const auto samples = fedtorch::job_samples(*dataset, model->device, indices, labels, triggered, n, options);

    std::vector<torch::Tensor> parameters;
    for (const auto& entry : model->state) {
      if (entry.tensor.requires_grad()) parameters.push_back(entry.tensor);
    }
    std::unique_ptr<torch::optim::Optimizer> optimizer;
    if (options->optimizer == 0) {
      optimizer = std::make_unique<torch::optim::SGD>(
          parameters, torch::optim::SGDOptions(options->learning_rate).momentum(options->momentum).weight_decay(options->weight_decay));
    } else if (options->optimizer == 1) {
      optimizer = std::make_unique<torch::optim::Adam>(
          parameters, torch::optim::AdamOptions(options->learning_rate)
                          .betas({options->adam_beta1, options->adam_beta2})
                          .eps(options->adam_epsilon)
                          .weight_decay(options->weight_decay));
    } else {
      throw std::invalid_argument("unknown optimizer " + std::to_string(options->optimizer));
    }

    // Batch norm cannot train on a batch of one sample; such a trailing batch is skipped.
    const bool skip_single = fedtorch::has_batch_norm(*model) && n > 1;
    model->net->train();
    double total = 0;
    int64_t seen = 0;
    for (int32_t epoch = 0; epoch < options->epochs; epoch++) {
      auto permutation = torch::from_blob(const_cast<int64_t*>(order + epoch * n), {n}, torch::kInt64).clone().to(model->device);
      for (int64_t start = 0; start < n; start += options->batch_size) {
        auto size = std::min<int64_t>(options->batch_size, n - start);
        if (size == 1 && skip_single) continue;
        auto batch = permutation.narrow(0, start, size);
        optimizer->zero_grad();
        auto loss = torch::nn::functional::cross_entropy(model->net->forward(samples.take(batch)), samples.labels.index_select(0, batch));
        loss.backward();
        optimizer->step();
        total += loss.item<double>() * static_cast<double>(size);
        seen += size;
      }
      const double lr = options->learning_rate * std::pow(options->lr_decay, epoch + 1);
      for (auto& group : optimizer->param_groups()) group.options().set_lr(lr);
    }
    if (mean_loss != nullptr) *mean_loss = seen == 0 ? 0.0 : total / static_cast<double>(seen);
  });
}

FT_API int32_t ft_evaluate(ft_model* model, ft_dataset* dataset, const int64_t* indices, const int64_t* labels,
                           const uint8_t* triggered, int64_t n, const ft_train_options* trigger, int32_t batch_size,
                           int32_t classes, int64_t* confusion, double* loss_sum) {
  return guarded([&] {
    if (model == nullptr || dataset == nullptr || confusion == nullptr) throw std::invalid_argument("ft_evaluate: null argument");
    if (batch_size < 1 || classes < 1) throw std::invalid_argument("batch size and classes must be at least 1");
    const auto samples = fedtorch::job_samples(*dataset, model->device, indices, labels, triggered, n, trigger);
    torch::NoGradGuard no_grad;
    model->net->eval();
    auto counts = torch::zeros({static_cast<int64_t>(classes) * classes}, torch::kInt64);
    double total = 0;
    for (int64_t start = 0; start < n; start += batch_size) {
      auto size = std::min<int64_t>(batch_size, n - start);
      auto logits = model->net->forward(samples.range(start, size));
      if (logits.dim() != 2 || logits.size(1) != classes) {
        throw std::invalid_argument("the model has " + std::to_string(logits.size(-1)) + " outputs, the evaluation expects " +
                                    std::to_string(classes) + " classes");
      }
      auto truth = samples.labels.narrow(0, start, size);
      if (truth.min().item<int64_t>() < 0 || truth.max().item<int64_t>() >= classes) {
        throw std::invalid_argument("a label is outside 0.." + std::to_string(classes - 1));
      }
      auto cell = (truth * classes + logits.argmax(1)).to(torch::kCPU);
      counts += torch::bincount(cell, {}, static_cast<int64_t>(classes) * classes);
      if (loss_sum != nullptr) {
        // Summed per batch in double so that large evaluation sets keep their precision.
        total += torch::nn::functional::cross_entropy(
                     logits.to(torch::kFloat64), truth,
                     torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                     .item<double>();
      }
    }
    std::memcpy(confusion, counts.data_ptr<int64_t>(), sizeof(int64_t) * classes * classes);
    if (loss_sum != nullptr) *loss_sum = total;
    model->net->train();
  });
}

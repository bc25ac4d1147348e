// Batched local training: k clients of one fully connected model trained in one libtorch computation.
// Each client's parameters are a slice of stacked tensors ([k, out, in] weights, [k, 1, out] biases); a step is one
// batched matrix product per layer over all clients, the loss is the sum of the clients' mean losses (so each
// client's gradient is that of its own loss), and the optimizer runs on the stacked tensors, whose state (momentum,
// Adam moments) is elementwise and hence per client. Every client computes exactly what a batch of one computes, so
// a client's result does not depend on which clients share its batch.
#include <cmath>

#include "internal.h"

namespace fedtorch {

namespace {

namespace nn = torch::nn;

// One layer of the batched network: a linear layer (its weight's index in the model's state; the bias follows),
// a flatten, or an elementwise activation applied to [k, batch, features] as is.
struct BatchedLayer {
  enum Kind { Linear, Flatten, Elementwise } kind;
  size_t parameter = 0;
  nn::AnyModule* module = nullptr;
};

bool is_elementwise(const nn::Module& module) {
  return dynamic_cast<const nn::ReLUImpl*>(&module) != nullptr || dynamic_cast<const nn::LeakyReLUImpl*>(&module) != nullptr ||
         dynamic_cast<const nn::TanhImpl*>(&module) != nullptr || dynamic_cast<const nn::SigmoidImpl*>(&module) != nullptr;
}

// The batched form of the model, or an empty list when it has a layer this cannot batch (convolutions, pooling,
// batch norm): such models train client by client.
std::vector<BatchedLayer> batched_layers(const ft_model& model) {
  std::vector<BatchedLayer> layers;
  size_t parameter = 0;
  for (const auto& any : *model.net) {
    const auto& module = *any.ptr();
    if (auto linear = dynamic_cast<const nn::LinearImpl*>(&module)) {
      if (!linear->options.bias()) return {};
      layers.push_back({BatchedLayer::Linear, parameter, nullptr});
      parameter += 2;
    } else if (dynamic_cast<const nn::FlattenImpl*>(&module) != nullptr) {
      layers.push_back({BatchedLayer::Flatten, 0, nullptr});
    } else if (is_elementwise(module)) {
      layers.push_back({BatchedLayer::Elementwise, 0, const_cast<nn::AnyModule*>(&any)});
    } else {
      return {};
    }
  }
  if (parameter != model.state.size()) return {};
  return layers;
}

}  // namespace
}  // namespace fedtorch

using fedtorch::guarded;

FT_API int32_t ft_model_batchable(ft_model* model) {
  return model == nullptr ? 0 : (fedtorch::batched_layers(*model).empty() ? 0 : 1);
}

FT_API int32_t ft_train_batched(ft_model* model, ft_dataset* dataset, int32_t k, int64_t n, const float* initial_states,
                                const int64_t* indices, const int64_t* const* labels, const uint8_t* const* triggered,
                                const int64_t* order, const ft_train_options* options, float* final_states,
                                double* mean_losses) {
  return guarded([&] {
    if (model == nullptr || dataset == nullptr || initial_states == nullptr || indices == nullptr || order == nullptr ||
        options == nullptr || final_states == nullptr || mean_losses == nullptr) {
      throw std::invalid_argument("ft_train_batched: null argument");
    }
    if (k < 1 || n < 1) throw std::invalid_argument("a batch needs at least one client with at least one sample");
    if (options->epochs < 1 || options->batch_size < 1) throw std::invalid_argument("epochs and batch size must be at least 1");
    if (!(options->learning_rate > 0)) throw std::invalid_argument("the learning rate must be positive");
    const auto layers = fedtorch::batched_layers(*model);
    if (layers.empty()) throw std::invalid_argument("the model has a layer batched training does not support (only linear layers and activations)");
    const auto device = model->device;

    // Every client's samples, gathered once: x [k, n, ...], y [k, n].
    std::vector<torch::Tensor> xs, ys;
    for (int32_t c = 0; c < k; c++) {
      auto [x, y] = fedtorch::gather(*dataset, device, indices + c * n, labels == nullptr ? nullptr : labels[c],
                                     triggered == nullptr ? nullptr : triggered[c], n, options);
      xs.push_back(x);
      ys.push_back(y);
    }
    auto x_all = torch::stack(xs).reshape({k * n, -1});
    auto y_all = torch::stack(ys).reshape({k * n});
    xs.clear();
    ys.clear();

    // The stacked parameters, from each client's flat state.
    auto states = torch::from_blob(const_cast<float*>(initial_states), {k, model->state_length}, torch::kFloat32).to(device);
    std::vector<torch::Tensor> parameters;
    int64_t offset = 0;
    for (const auto& entry : model->state) {
      auto numel = entry.tensor.numel();
      std::vector<int64_t> shape{k};
      if (entry.tensor.dim() == 1) shape.push_back(1);  // biases as [k, 1, out], added to every row of the batch
      for (auto size : entry.tensor.sizes()) shape.push_back(size);
      parameters.push_back(states.narrow(1, offset, numel).clone().reshape(shape).set_requires_grad(true));
      offset += numel;
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

    // Row c * n + i of x_all is client c's i-th sample: the offsets turn each client's permutation into rows.
    auto client_offsets = (torch::arange(k, torch::kInt64) * n).unsqueeze(1).to(device);
    auto totals = torch::zeros({k}, torch::kFloat64);
    int64_t seen = 0;
    for (int32_t epoch = 0; epoch < options->epochs; epoch++) {
      auto permutation = torch::from_blob(const_cast<int64_t*>(order), {k, options->epochs, n}, torch::kInt64)
                             .select(1, epoch)
                             .to(device)
                             .add(client_offsets);
      for (int64_t start = 0; start < n; start += options->batch_size) {
        const auto size = std::min<int64_t>(options->batch_size, n - start);
        auto rows = permutation.narrow(1, start, size).reshape({k * size});
        auto h = x_all.index_select(0, rows).reshape({k, size, -1});
        for (const auto& layer : layers) {
          switch (layer.kind) {
            case fedtorch::BatchedLayer::Linear:
              h = torch::baddbmm(parameters[layer.parameter + 1], h, parameters[layer.parameter].transpose(1, 2));
              break;
            case fedtorch::BatchedLayer::Flatten:
              h = h.reshape({k, size, -1});
              break;
            case fedtorch::BatchedLayer::Elementwise:
              h = layer.module->forward(h);
              break;
          }
        }
        auto losses = torch::nn::functional::cross_entropy(
                          h.reshape({k * size, -1}), y_all.index_select(0, rows),
                          torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone))
                          .reshape({k, size})
                          .mean(1);
        optimizer->zero_grad();
        losses.sum().backward();
        optimizer->step();
        totals += losses.detach().to(torch::kCPU, torch::kFloat64) * static_cast<double>(size);
        seen += size;
      }
      const double lr = options->learning_rate * std::pow(options->lr_decay, epoch + 1);
      for (auto& group : optimizer->param_groups()) group.options().set_lr(lr);
    }

    auto out = torch::from_blob(final_states, {k, model->state_length}, torch::kFloat32);
    offset = 0;
    for (const auto& parameter : parameters) {
      auto numel = parameter.numel() / k;
      out.narrow(1, offset, numel).copy_(parameter.detach().reshape({k, numel}).to(torch::kCPU));
      offset += numel;
    }
    auto means = (totals / static_cast<double>(seen)).contiguous();
    std::memcpy(mean_losses, means.data_ptr<double>(), sizeof(double) * k);
  });
}

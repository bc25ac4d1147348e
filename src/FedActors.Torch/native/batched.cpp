// Batched local training: k clients of one fully connected model trained in one libtorch computation.
// Each client's parameters are a slice of stacked tensors ([k, out, in] weights, [k, 1, out] biases). A step is one
// batched matrix product per layer over all clients, forward and back; the backward pass is written out (softmax
// cross-entropy, activations, linear layers) instead of going through autograd, so that the SGD update of a weight
// is fused into the product that computes its gradient and no weight-sized tensor is allocated per step. Optimizer
// state (momentum, Adam moments) is elementwise, hence per client. Every client computes exactly what a batch of one
// computes, so a client's result does not depend on which clients share its batch.
#include <algorithm>
#include <cmath>

#include "internal.h"

namespace fedtorch {
namespace {

namespace nn = torch::nn;

// The most bytes of weights and optimizer state one group of clients trains on at a time (a share of L2/L3 cache).
constexpr int64_t kGroupBytes = int64_t{4} << 20;

// One layer of the batched network.
struct BatchedLayer {
  enum Kind { Linear, Flatten, Relu, LeakyRelu, Tanh, Sigmoid } kind;
  size_t parameter = 0;  // Linear: the weight's index in the model's state; the bias follows it
  double slope = 0;      // LeakyRelu
};

// The batched form of the model, or an empty list when it has a layer this cannot batch (convolutions, pooling,
// batch norm): such models train client by client.
std::vector<BatchedLayer> batched_layers(const ft_model& model) {
  std::vector<BatchedLayer> layers;
  size_t parameter = 0;
  for (const auto& any : *model.net) {
    const auto* module = any.ptr().get();
    if (auto linear = dynamic_cast<const nn::LinearImpl*>(module)) {
      if (!linear->options.bias()) return {};
      layers.push_back({BatchedLayer::Linear, parameter, 0});
      parameter += 2;
    } else if (dynamic_cast<const nn::FlattenImpl*>(module) != nullptr) {
      layers.push_back({BatchedLayer::Flatten, 0, 0});
    } else if (dynamic_cast<const nn::ReLUImpl*>(module) != nullptr) {
      layers.push_back({BatchedLayer::Relu, 0, 0});
    } else if (auto leaky = dynamic_cast<const nn::LeakyReLUImpl*>(module)) {
      layers.push_back({BatchedLayer::LeakyRelu, 0, leaky->options.negative_slope()});
    } else if (dynamic_cast<const nn::TanhImpl*>(module) != nullptr) {
      layers.push_back({BatchedLayer::Tanh, 0, 0});
    } else if (dynamic_cast<const nn::SigmoidImpl*>(module) != nullptr) {
      layers.push_back({BatchedLayer::Sigmoid, 0, 0});
    } else {
      return {};
    }
  }
  if (parameter != model.state.size()) return {};
  return layers;
}

torch::Tensor activate(const BatchedLayer& layer, const torch::Tensor& h) {
  switch (layer.kind) {
    case BatchedLayer::Relu: return torch::relu(h);
    case BatchedLayer::LeakyRelu: return torch::leaky_relu(h, layer.slope);
    case BatchedLayer::Tanh: return torch::tanh(h);
    case BatchedLayer::Sigmoid: return torch::sigmoid(h);
    default: return h;
  }
}

// The gradient through an activation, from its output a.
torch::Tensor activation_backward(const BatchedLayer& layer, const torch::Tensor& g, const torch::Tensor& a) {
  switch (layer.kind) {
    case BatchedLayer::Relu: return g * (a > 0);
    case BatchedLayer::LeakyRelu: return torch::where(a > 0, g, g * layer.slope);
    case BatchedLayer::Tanh: return g * (1 - a * a);
    case BatchedLayer::Sigmoid: return g * (a * (1 - a));
    default: return g;
  }
}

// SGD (momentum, weight decay) or Adam on stacked parameters, with the same arithmetic as libtorch's optimizers.
class StackedOptimizer {
 public:
  StackedOptimizer(const ft_train_options& options, const std::vector<torch::Tensor>& parameters)
      : options_(options), lr_(options.learning_rate) {
    plain_ = options.optimizer == 0 && options.momentum == 0 && options.weight_decay == 0;
    for (const auto& p : parameters) {
      gradients_.push_back(plain_ ? torch::Tensor() : torch::empty_like(p));
      first_.push_back(plain_ || (options.optimizer == 0 && options.momentum == 0) ? torch::Tensor() : torch::zeros_like(p));
      second_.push_back(options.optimizer == 1 ? torch::zeros_like(p) : torch::Tensor());
    }
  }

  void begin_step() { step_++; }
  void set_learning_rate(double lr) { lr_ = lr; }

  // Updates weight `index` by the gradient gᵀa (g: [k, batch, out], a: [k, batch, in]).
  void update_weight(size_t index, torch::Tensor& weight, const torch::Tensor& g, const torch::Tensor& a) {
    if (plain_) {
      weight.baddbmm_(g.transpose(1, 2), a, /*beta=*/1, /*alpha=*/-lr_);
      return;
    }
    at::bmm_out(gradients_[index], g.transpose(1, 2), a);
    apply(index, weight);
  }

  // Updates bias `index` by the gradient summed over the batch.
  void update_bias(size_t index, torch::Tensor& bias, const torch::Tensor& g) {
    auto gradient = g.sum(1, /*keepdim=*/true);
    if (plain_) {
      bias.add_(gradient, -lr_);
      return;
    }
    gradients_[index].copy_(gradient);
    apply(index, bias);
  }

 private:
  void apply(size_t index, torch::Tensor& p) {
    auto& gradient = gradients_[index];
    if (options_.weight_decay != 0) gradient.add_(p, options_.weight_decay);
    if (options_.optimizer == 0) {
      if (options_.momentum != 0) {
        first_[index].mul_(options_.momentum).add_(gradient);
        p.add_(first_[index], -lr_);
      } else {
        p.add_(gradient, -lr_);
      }
      return;
    }
    const double correction1 = 1 - std::pow(options_.adam_beta1, step_);
    const double correction2 = 1 - std::pow(options_.adam_beta2, step_);
    first_[index].mul_(options_.adam_beta1).add_(gradient, 1 - options_.adam_beta1);
    second_[index].mul_(options_.adam_beta2).addcmul_(gradient, gradient, 1 - options_.adam_beta2);
    auto denominator = (second_[index].sqrt() / std::sqrt(correction2)).add_(options_.adam_epsilon);
    p.addcdiv_(first_[index], denominator, -lr_ / correction1);
  }

  const ft_train_options& options_;
  double lr_;
  bool plain_;
  int64_t step_ = 0;
  std::vector<torch::Tensor> gradients_, first_, second_;
};

}  // namespace
}  // namespace fedtorch

using fedtorch::guarded;

FT_API int32_t ft_model_batchable(ft_model* model) {
  return model == nullptr ? 0 : (fedtorch::batched_layers(*model).empty() ? 0 : 1);
}

FT_API int32_t ft_train_batched(ft_model* model, ft_dataset* dataset, int32_t k, int64_t n, const float* const* initial_states,
                                const int64_t* indices, const int64_t* const* labels, const uint8_t* const* triggered,
                                const int64_t* order, const ft_train_options* options, float* const* final_states,
                                double* mean_losses) {
  return guarded([&] {
    if (model == nullptr || dataset == nullptr || initial_states == nullptr || indices == nullptr || order == nullptr ||
        options == nullptr || final_states == nullptr || mean_losses == nullptr) {
      throw std::invalid_argument("ft_train_batched: null argument");
    }
    if (k < 1 || n < 1) throw std::invalid_argument("a batch needs at least one client with at least one sample");
    for (int32_t c = 0; c < k; c++) {
      if (initial_states[c] == nullptr || final_states[c] == nullptr) throw std::invalid_argument("ft_train_batched: null state");
    }
    if (options->epochs < 1 || options->batch_size < 1) throw std::invalid_argument("epochs and batch size must be at least 1");
    if (!(options->learning_rate > 0)) throw std::invalid_argument("the learning rate must be positive");
    const auto layers = fedtorch::batched_layers(*model);
    if (layers.empty()) throw std::invalid_argument("the model has a layer batched training does not support (only linear layers and activations)");
    const auto device = model->device;
    for (const auto& layer : layers) {
      if (layer.kind == fedtorch::BatchedLayer::Flatten) break;
      if (layer.kind == fedtorch::BatchedLayer::Linear && dataset->features.dim() > 2) {
        throw std::invalid_argument("batched training flattens each sample: the model must flatten before its first linear layer");
      }
    }

    // Clients train in groups small enough that a group's weights stay in cache through its steps; each client's
    // result is the same whatever group it is in.
    const int64_t client_bytes = model->state_length * static_cast<int64_t>(sizeof(float)) * (options->optimizer == 1 ? 4 : 2);
    const int32_t group = static_cast<int32_t>(std::clamp<int64_t>(fedtorch::kGroupBytes / std::max<int64_t>(1, client_bytes), 1, k));
    auto train = [&](int32_t first, int32_t k) {
      // Every client's samples, one after another: client c's i-th sample is sample c * n + i.
      std::vector<fedtorch::JobSamples> jobs;
      for (int32_t c = 0; c < k; c++) {
        jobs.push_back(fedtorch::job_samples(*dataset, device, indices + (first + c) * n, labels == nullptr ? nullptr : labels[first + c],
                                             triggered == nullptr ? nullptr : triggered[first + c], n, options));
      }
      const auto samples = fedtorch::concatenate(jobs);
      jobs.clear();

      // The stacked parameters, from each client's flat state (read where it is: clients of one round usually share
      // one global model, so their pointers are the same).
      std::vector<torch::Tensor> rows;
      for (int32_t c = 0; c < k; c++) {
        rows.push_back(torch::from_blob(const_cast<float*>(initial_states[first + c]), {model->state_length}, torch::kFloat32));
      }
      auto states = torch::stack(rows).to(device);
      rows.clear();
      std::vector<torch::Tensor> parameters;
      int64_t offset = 0;
      for (const auto& entry : model->state) {
        auto numel = entry.tensor.numel();
        std::vector<int64_t> shape{k};
        if (entry.tensor.dim() == 1) shape.push_back(1);  // biases as [k, 1, out], added to every row of the batch
        for (auto size : entry.tensor.sizes()) shape.push_back(size);
        parameters.push_back(states.narrow(1, offset, numel).clone().reshape(shape));
        offset += numel;
      }

      torch::NoGradGuard no_grad;
      fedtorch::StackedOptimizer optimizer(*options, parameters);
      size_t first_linear = layers.size();
      for (size_t i = 0; i < layers.size(); i++) {
        if (layers[i].kind == fedtorch::BatchedLayer::Linear && first_linear == layers.size()) first_linear = i;
      }

      // The offsets turn each client's permutation into positions among the samples.
      auto client_offsets = (torch::arange(k, torch::kInt64) * n).unsqueeze(1).to(device);
      auto totals = torch::zeros({k}, torch::kFloat64);
      int64_t seen = 0;
      std::vector<torch::Tensor> outputs(layers.size() + 1);  // outputs[i]: layer i's input; the last, the logits
      for (int32_t epoch = 0; epoch < options->epochs; epoch++) {
        auto permutation = torch::from_blob(const_cast<int64_t*>(order + first * options->epochs * n), {k, options->epochs, n}, torch::kInt64)
                               .select(1, epoch)
                               .to(device)
                               .add(client_offsets);
        for (int64_t start = 0; start < n; start += options->batch_size) {
          const auto size = std::min<int64_t>(options->batch_size, n - start);
          auto rows = permutation.narrow(1, start, size).reshape({k * size});
          auto h = samples.take(rows).reshape({k, size, -1});
          for (size_t i = 0; i < layers.size(); i++) {
            outputs[i] = h;
            const auto& layer = layers[i];
            if (layer.kind == fedtorch::BatchedLayer::Linear) {
              h = torch::baddbmm(parameters[layer.parameter + 1], h, parameters[layer.parameter].transpose(1, 2));
            } else if (layer.kind != fedtorch::BatchedLayer::Flatten) {
              h = fedtorch::activate(layer, h);
            }
          }
          outputs[layers.size()] = h;

          // Softmax cross-entropy, each client's mean over its batch: d(loss)/d(logits) = (softmax − onehot) / size.
          auto log_probabilities = torch::log_softmax(h, 2);
          auto labels_now = samples.labels.index_select(0, rows).reshape({k, size, 1});
          auto losses = -log_probabilities.gather(2, labels_now).squeeze(2).mean(1);
          auto g = log_probabilities.exp_().scatter_add_(2, labels_now, torch::full({k, size, 1}, -1.0, h.options()));
          g.div_(static_cast<double>(size));

          optimizer.begin_step();
          for (size_t i = layers.size(); i-- > 0;) {
            const auto& layer = layers[i];
            if (layer.kind == fedtorch::BatchedLayer::Linear) {
              auto& weight = parameters[layer.parameter];
              torch::Tensor below;
              if (i > first_linear) below = torch::bmm(g, weight);  // with the weight before its update
              optimizer.update_weight(layer.parameter, weight, g, outputs[i]);
              optimizer.update_bias(layer.parameter + 1, parameters[layer.parameter + 1], g);
              if (i == first_linear) break;
              g = below;
            } else if (layer.kind != fedtorch::BatchedLayer::Flatten) {
              g = fedtorch::activation_backward(layer, g, outputs[i + 1]);
            }
          }
          totals += losses.to(torch::kCPU, torch::kFloat64) * static_cast<double>(size);
          seen += size;
        }
        optimizer.set_learning_rate(options->learning_rate * std::pow(options->lr_decay, epoch + 1));
      }

      // Each client's parameters go straight into its own result array.
      offset = 0;
      for (const auto& parameter : parameters) {
        auto numel = parameter.numel() / k;
        auto values = parameter.detach().reshape({k, numel}).to(torch::kCPU);
        for (int32_t c = 0; c < k; c++) {
          torch::from_blob(final_states[first + c] + offset, {numel}, torch::kFloat32).copy_(values.select(0, c));
        }
        offset += numel;
      }
      auto means = (totals / static_cast<double>(seen)).contiguous();
      std::memcpy(mean_losses + first, means.data_ptr<double>(), sizeof(double) * k);
    };
    for (int32_t first = 0; first < k; first += group) train(first, std::min(group, k - first));
  });
}

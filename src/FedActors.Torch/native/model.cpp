// Models from a layer list. One layer per line, numbers separated by spaces:
//   conv2d IN OUT KERNEL STRIDE PADDING      convtranspose2d IN OUT KERNEL STRIDE PADDING
//   linear IN OUT                            batchnorm1d N        batchnorm2d N
//   relu   leakyrelu SLOPE   tanh   sigmoid   flatten   unflatten C H W
//   maxpool2d KERNEL STRIDE   avgpool2d KERNEL STRIDE   adaptiveavgpool2d SIZE
//   resblock IN OUT STRIDE   (ResNet basic block: two 3x3 conv + batch norm, projection shortcut when needed)
#include <sstream>

#include "internal.h"

namespace fedtorch {
namespace {

namespace nn = torch::nn;

struct ResBlockImpl : nn::Module {
  nn::Conv2d conv1{nullptr}, conv2{nullptr};
  nn::BatchNorm2d bn1{nullptr}, bn2{nullptr};
  nn::Sequential shortcut{nullptr};

  ResBlockImpl(int64_t in, int64_t out, int64_t stride) {
    conv1 = register_module("conv1", nn::Conv2d(nn::Conv2dOptions(in, out, 3).stride(stride).padding(1).bias(false)));
    bn1 = register_module("bn1", nn::BatchNorm2d(out));
    conv2 = register_module("conv2", nn::Conv2d(nn::Conv2dOptions(out, out, 3).stride(1).padding(1).bias(false)));
    bn2 = register_module("bn2", nn::BatchNorm2d(out));
    if (stride != 1 || in != out) {
      shortcut = register_module(
          "shortcut", nn::Sequential(nn::Conv2d(nn::Conv2dOptions(in, out, 1).stride(stride).bias(false)),
                                     nn::BatchNorm2d(out)));
    }
  }

  torch::Tensor forward(torch::Tensor x) {
    auto y = torch::relu(bn1(conv1(x)));
    y = bn2(conv2(y));
    y = y + (shortcut ? shortcut->forward(x) : x);
    return torch::relu(y);
  }
};
TORCH_MODULE(ResBlock);

struct UnflattenImpl : nn::Module {
  std::vector<int64_t> shape;
  explicit UnflattenImpl(std::vector<int64_t> s) : shape(std::move(s)) {}
  torch::Tensor forward(torch::Tensor x) {
    std::vector<int64_t> full{x.size(0)};
    full.insert(full.end(), shape.begin(), shape.end());
    return x.reshape(full);
  }
};
TORCH_MODULE(Unflatten);

std::vector<int64_t> read_numbers(std::istringstream& in, const std::string& layer, size_t count, int line) {
  std::vector<int64_t> values;
  int64_t v;
  while (in >> v) values.push_back(v);
  if (values.size() != count) {
    throw std::invalid_argument("model spec line " + std::to_string(line) + ": '" + layer + "' takes " +
                                std::to_string(count) + " integer(s), got " + std::to_string(values.size()));
  }
  for (auto value : values) {
    if (value < 0) throw std::invalid_argument("model spec line " + std::to_string(line) + ": negative size");
  }
  return values;
}

int64_t fan_in_of(const torch::Tensor& weight) {
  int64_t receptive = 1;
  for (int64_t i = 2; i < weight.dim(); i++) receptive *= weight.size(i);
  return weight.size(1) * receptive;
}

bool is_norm(const nn::Module& module) {
  return dynamic_cast<const nn::BatchNorm1dImpl*>(&module) != nullptr ||
         dynamic_cast<const nn::BatchNorm2dImpl*>(&module) != nullptr;
}

}  // namespace

nn::Sequential build_sequential(const std::string& spec) {
  nn::Sequential net;
  std::istringstream lines(spec);
  std::string text;
  int line = 0;
  while (std::getline(lines, text)) {
    line++;
    std::istringstream in(text);
    std::string layer;
    if (!(in >> layer)) continue;
    if (layer == "conv2d") {
      auto v = read_numbers(in, layer, 5, line);
      net->push_back(nn::Conv2d(nn::Conv2dOptions(v[0], v[1], v[2]).stride(v[3]).padding(v[4])));
    } else if (layer == "convtranspose2d") {
      auto v = read_numbers(in, layer, 5, line);
      net->push_back(nn::ConvTranspose2d(nn::ConvTranspose2dOptions(v[0], v[1], v[2]).stride(v[3]).padding(v[4])));
    } else if (layer == "linear") {
      auto v = read_numbers(in, layer, 2, line);
      net->push_back(nn::Linear(v[0], v[1]));
    } else if (layer == "batchnorm1d") {
      net->push_back(nn::BatchNorm1d(read_numbers(in, layer, 1, line)[0]));
    } else if (layer == "batchnorm2d") {
      net->push_back(nn::BatchNorm2d(read_numbers(in, layer, 1, line)[0]));
    } else if (layer == "relu") {
      net->push_back(nn::ReLU());
    } else if (layer == "leakyrelu") {
      double slope;
      if (!(in >> slope)) throw std::invalid_argument("model spec line " + std::to_string(line) + ": leakyrelu needs a slope");
      net->push_back(nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(slope)));
    } else if (layer == "tanh") {
      net->push_back(nn::Tanh());
    } else if (layer == "sigmoid") {
      net->push_back(nn::Sigmoid());
    } else if (layer == "flatten") {
      net->push_back(nn::Flatten());
    } else if (layer == "unflatten") {
      net->push_back(Unflatten(read_numbers(in, layer, 3, line)));
    } else if (layer == "maxpool2d") {
      auto v = read_numbers(in, layer, 2, line);
      net->push_back(nn::MaxPool2d(nn::MaxPool2dOptions(v[0]).stride(v[1])));
    } else if (layer == "avgpool2d") {
      auto v = read_numbers(in, layer, 2, line);
      net->push_back(nn::AvgPool2d(nn::AvgPool2dOptions(v[0]).stride(v[1])));
    } else if (layer == "adaptiveavgpool2d") {
      net->push_back(nn::AdaptiveAvgPool2d(read_numbers(in, layer, 1, line)[0]));
    } else if (layer == "resblock") {
      auto v = read_numbers(in, layer, 3, line);
      net->push_back(ResBlock(v[0], v[1], v[2]));
    } else {
      throw std::invalid_argument("model spec line " + std::to_string(line) + ": unknown layer '" + layer + "'");
    }
  }
  if (net->size() == 0) throw std::invalid_argument("the model spec has no layers");
  return net;
}

// Parameters first, then running statistics, each in module order: the layout of the flat state vector.
void collect_state(ft_model& model) {
  std::vector<StateEntry> parameters, buffers;
  for (const auto& module : model.net->modules(/*include_self=*/false)) {
    torch::Tensor weight;
    for (const auto& p : module->named_parameters(/*recurse=*/false)) {
      if (p.key() == "weight") weight = p.value();
    }
    const bool norm = is_norm(*module);
    for (const auto& p : module->named_parameters(/*recurse=*/false)) {
      ft_segment_kind kind;
      if (norm) {
        kind = p.key() == "weight" ? FT_NORM_WEIGHT : FT_NORM_BIAS;
      } else {
        kind = p.key() == "weight" ? FT_WEIGHT : FT_BIAS;
      }
      parameters.push_back({p.value(), kind, weight.defined() && weight.dim() >= 2 ? fan_in_of(weight) : 1});
    }
    for (const auto& b : module->named_buffers(/*recurse=*/false)) {
      if (b.key() == "running_mean") buffers.push_back({b.value(), FT_RUNNING_MEAN, 1});
      if (b.key() == "running_var") buffers.push_back({b.value(), FT_RUNNING_VAR, 1});
    }
  }
  model.state = parameters;
  model.parameter_count = 0;
  for (const auto& e : parameters) model.parameter_count += e.tensor.numel();
  model.state.insert(model.state.end(), buffers.begin(), buffers.end());
  model.state_length = 0;
  for (const auto& e : model.state) model.state_length += e.tensor.numel();
}

}  // namespace fedtorch

using fedtorch::guarded;

FT_API int32_t ft_model_create(const char* spec, const char* device, ft_model** out) {
  return guarded([&] {
    if (spec == nullptr || out == nullptr) throw std::invalid_argument("ft_model_create: null argument");
    auto model = std::make_unique<ft_model>();
    model->device = fedtorch::parse_device(device);
    model->net = fedtorch::build_sequential(spec);
    model->net->to(model->device);
    fedtorch::collect_state(*model);
    *out = model.release();
  });
}

FT_API void ft_model_free(ft_model* model) { delete model; }

FT_API int64_t ft_model_state_length(ft_model* model) { return model == nullptr ? -1 : model->state_length; }

FT_API int64_t ft_model_parameter_count(ft_model* model) { return model == nullptr ? -1 : model->parameter_count; }

FT_API int32_t ft_model_segment_count(ft_model* model) {
  return model == nullptr ? -1 : static_cast<int32_t>(model->state.size());
}

FT_API int32_t ft_model_segments(ft_model* model, ft_segment* out, int32_t capacity) {
  return guarded([&] {
    if (model == nullptr || out == nullptr) throw std::invalid_argument("ft_model_segments: null argument");
    if (capacity < static_cast<int32_t>(model->state.size())) throw std::invalid_argument("ft_model_segments: buffer too small");
    for (size_t i = 0; i < model->state.size(); i++) {
      out[i] = {model->state[i].kind, model->state[i].tensor.numel(), model->state[i].fan_in};
    }
  });
}

FT_API int32_t ft_model_get_state(ft_model* model, float* out, int64_t length) {
  return guarded([&] {
    if (model == nullptr || out == nullptr) throw std::invalid_argument("ft_model_get_state: null argument");
    if (length != model->state_length) {
      throw std::invalid_argument("state vector has length " + std::to_string(length) + ", the model needs " +
                                  std::to_string(model->state_length));
    }
    int64_t offset = 0;
    for (const auto& entry : model->state) {
      auto flat = entry.tensor.detach().to(torch::kCPU, torch::kFloat32).contiguous().view(-1);
      std::memcpy(out + offset, flat.data_ptr<float>(), sizeof(float) * flat.numel());
      offset += flat.numel();
    }
  });
}

FT_API int32_t ft_model_set_state(ft_model* model, const float* state, int64_t length) {
  return guarded([&] {
    if (model == nullptr || state == nullptr) throw std::invalid_argument("ft_model_set_state: null argument");
    if (length != model->state_length) {
      throw std::invalid_argument("state vector has length " + std::to_string(length) + ", the model needs " +
                                  std::to_string(model->state_length));
    }
    torch::NoGradGuard no_grad;
    int64_t offset = 0;
    for (auto& entry : model->state) {
      auto source = torch::from_blob(const_cast<float*>(state + offset), entry.tensor.sizes(), torch::kFloat32);
      entry.tensor.copy_(source);
      offset += entry.tensor.numel();
    }
  });
}

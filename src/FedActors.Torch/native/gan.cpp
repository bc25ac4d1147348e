// Forward passes and the GAN training PDGAN runs on the server.
#include "internal.h"

using fedtorch::guarded;

FT_API int32_t ft_model_forward(ft_model* model, const float* input, int64_t batch, const int64_t* sample_shape,
                                int32_t sample_dims, float* output, int64_t output_length) {
  return guarded([&] {
    if (model == nullptr || input == nullptr || sample_shape == nullptr || output == nullptr) {
      throw std::invalid_argument("ft_model_forward: null argument");
    }
    if (batch < 1 || sample_dims < 1) throw std::invalid_argument("ft_model_forward: empty input");
    std::vector<int64_t> shape{batch};
    shape.insert(shape.end(), sample_shape, sample_shape + sample_dims);
    torch::NoGradGuard no_grad;
    model->net->eval();
    auto x = torch::from_blob(const_cast<float*>(input), shape, torch::kFloat32).to(model->device);
    auto y = model->net->forward(x).to(torch::kCPU, torch::kFloat32).contiguous();
    model->net->train();
    if (y.numel() != output_length) {
      throw std::invalid_argument("the model produces " + std::to_string(y.numel()) + " values, the output buffer holds " +
                                  std::to_string(output_length));
    }
    std::memcpy(output, y.data_ptr<float>(), sizeof(float) * y.numel());
  });
}

FT_API int32_t ft_gan_train(ft_model* generator, ft_model* discriminator, ft_dataset* auxiliary,
                            const int64_t* real_indices, const float* noise, const ft_gan_options* options,
                            double* discriminator_loss, double* generator_loss) {
  return guarded([&] {
    if (generator == nullptr || discriminator == nullptr || auxiliary == nullptr || real_indices == nullptr ||
        noise == nullptr || options == nullptr) {
      throw std::invalid_argument("ft_gan_train: null argument");
    }
    if (options->steps < 1 || options->batch_size < 2 || options->noise_dim < 1) {
      throw std::invalid_argument("ft_gan_train: steps ≥ 1, batch size ≥ 2 and noise dimension ≥ 1 are needed");
    }
    if (generator->device != discriminator->device || auxiliary->device != discriminator->device) {
      throw std::invalid_argument("ft_gan_train: generator, discriminator and data must be on one device");
    }
    const auto device = discriminator->device;
    const int64_t b = options->batch_size;
    const int64_t count = auxiliary->features.size(0);
    auto sample_shape = auxiliary->features.sizes().vec();
    sample_shape[0] = b;

    auto parameters_of = [](ft_model* model) {
      std::vector<torch::Tensor> parameters;
      for (const auto& entry : model->state) {
        if (entry.tensor.requires_grad()) parameters.push_back(entry.tensor);
      }
      return parameters;
    };
    auto adam = torch::optim::AdamOptions(options->learning_rate).betas({options->adam_beta1, options->adam_beta2});
    torch::optim::Adam d_optimizer(parameters_of(discriminator), adam);
    torch::optim::Adam g_optimizer(parameters_of(generator), adam);
    generator->net->train();
    discriminator->net->train();

    double d_total = 0, g_total = 0;
    for (int32_t step = 0; step < options->steps; step++) {
      auto index = torch::from_blob(const_cast<int64_t*>(real_indices + step * b), {b}, torch::kInt64).clone();
      if (index.min().item<int64_t>() < 0 || index.max().item<int64_t>() >= count) {
        throw std::invalid_argument("a real sample index is outside the auxiliary dataset");
      }
      index = index.to(device);
      auto real = auxiliary->features.index_select(0, index);
      auto real_labels = auxiliary->labels.index_select(0, index);
      auto z = torch::from_blob(const_cast<float*>(noise + step * b * options->noise_dim), {b, options->noise_dim},
                                torch::kFloat32).clone().to(device);
      auto fake_labels = torch::full({b}, options->fake_class, torch::TensorOptions().dtype(torch::kInt64).device(device));

      // Discriminator: real samples are their class, generated ones the fake class.
      auto fake = generator->net->forward(z).reshape(sample_shape);
      d_optimizer.zero_grad();
      auto d_loss = torch::nn::functional::cross_entropy(discriminator->net->forward(real), real_labels) +
                    torch::nn::functional::cross_entropy(discriminator->net->forward(fake.detach()), fake_labels);
      d_loss.backward();
      d_optimizer.step();

      // Generator: make the discriminator call its output real.
      g_optimizer.zero_grad();
      auto p_fake = torch::softmax(discriminator->net->forward(fake), 1).select(1, options->fake_class);
      auto g_loss = -torch::log(1 - p_fake + 1e-8).mean();
      g_loss.backward();
      g_optimizer.step();

      d_total += d_loss.item<double>();
      g_total += g_loss.item<double>();
    }
    if (discriminator_loss != nullptr) *discriminator_loss = d_total / options->steps;
    if (generator_loss != nullptr) *generator_loss = g_total / options->steps;
  });
}

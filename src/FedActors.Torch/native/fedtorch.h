// libfedtorch: the C ABI FedActors.Torch calls. Every function returns 0 on success or a negative error code;
// ft_last_error() then describes the failure (thread-local). No C++ exception crosses this boundary.
#pragma once
#include <stdint.h>

#define FT_API extern "C" __attribute__((visibility("default")))

// Bumped whenever a signature or a struct below changes; the C# side refuses a library of another version.
#define FT_ABI_VERSION 3

enum ft_status { FT_OK = 0, FT_ERROR = -1, FT_INVALID_ARGUMENT = -2 };

typedef struct ft_model ft_model;
typedef struct ft_dataset ft_dataset;

// What a segment of the flat state vector is, so that C# can initialize it (PyTorch's default schemes).
enum ft_segment_kind {
  FT_WEIGHT = 0,        // uniform(-1/sqrt(fan_in), 1/sqrt(fan_in))
  FT_BIAS = 1,          // uniform(-1/sqrt(fan_in), 1/sqrt(fan_in)), fan_in of the layer's weight
  FT_NORM_WEIGHT = 2,   // ones
  FT_NORM_BIAS = 3,     // zeros
  FT_RUNNING_MEAN = 4,  // zeros (a buffer, not trained by SGD)
  FT_RUNNING_VAR = 5,   // ones (a buffer)
};

typedef struct ft_segment {
  int32_t kind;
  int64_t numel;
  int64_t fan_in;
} ft_segment;

typedef struct ft_train_options {
  int32_t optimizer;      // 0 = SGD, 1 = Adam
  double learning_rate;
  double momentum;        // SGD
  double weight_decay;
  double lr_decay;        // the learning rate is multiplied by this after every epoch (1 = none)
  double adam_beta1;
  double adam_beta2;
  double adam_epsilon;
  int32_t epochs;
  int32_t batch_size;
  // Pixel trigger applied to flagged samples: x[:, :, top:top+height, left:left+width] = value.
  int32_t trigger_top, trigger_left, trigger_height, trigger_width;
  float trigger_value;
} ft_train_options;

FT_API int32_t ft_abi_version(void);
FT_API const char* ft_last_error(void);
FT_API const char* ft_torch_version(void);
// Intra-op threads of libtorch for the whole process (1 keeps each job deterministic and single-threaded).
FT_API int32_t ft_set_num_threads(int32_t threads);
FT_API int32_t ft_get_num_threads(void);
FT_API int32_t ft_cuda_device_count(void);

// Models. `spec` is one layer per line (see model.cpp); `device` is "cpu", "cuda" or "cuda:N".
FT_API int32_t ft_model_create(const char* spec, const char* device, ft_model** out);
FT_API void ft_model_free(ft_model* model);
FT_API int64_t ft_model_state_length(ft_model* model);
FT_API int64_t ft_model_parameter_count(ft_model* model);
FT_API int32_t ft_model_segment_count(ft_model* model);
FT_API int32_t ft_model_segments(ft_model* model, ft_segment* out, int32_t capacity);
FT_API int32_t ft_model_get_state(ft_model* model, float* out, int64_t length);
FT_API int32_t ft_model_set_state(ft_model* model, const float* state, int64_t length);

// Datasets: features [count x sample_shape] (float32) and labels [count], copied once to the device.
FT_API int32_t ft_dataset_create(const float* features, const int64_t* sample_shape, int32_t sample_dims,
                                 const int64_t* labels, int64_t count, const char* device, ft_dataset** out);
FT_API void ft_dataset_free(ft_dataset* dataset);

// Trains on the job's samples: indices[n] into the dataset; labels[n] (or null: the dataset's labels);
// triggered[n] (or null: none); order[epochs * n] = each epoch's permutation of 0..n-1 (drawn by C# from the seed).
FT_API int32_t ft_train(ft_model* model, ft_dataset* dataset, const int64_t* indices, const int64_t* labels,
                        const uint8_t* triggered, int64_t n, const int64_t* order, const ft_train_options* options,
                        double* mean_loss);

// 1 when ft_train_batched can train the model (linear layers, flatten and elementwise activations only), else 0.
FT_API int32_t ft_model_batchable(ft_model* model);

// Trains k clients of the model at once, each exactly as ft_train would from its own state: initial_states[c] points
// at client c's state_length floats (clients may share one); indices[k * n] (every client has n samples); labels[c]
// and triggered[c] per client (each may be null, as may the arrays themselves); order[k * epochs * n]; all clients
// share the options. Writes client c's trained state to final_states[c] (state_length floats each, distinct) and
// mean_losses[k]. The model only gives the architecture: its own state is not touched.
FT_API int32_t ft_train_batched(ft_model* model, ft_dataset* dataset, int32_t k, int64_t n, const float* const* initial_states,
                                const int64_t* indices, const int64_t* const* labels, const uint8_t* const* triggered,
                                const int64_t* order, const ft_train_options* options, float* const* final_states,
                                double* mean_losses);

// Counts confusion[true * classes + predicted] over the samples, in evaluation mode, and writes the summed
// cross-entropy of the samples (computed in double) to loss_sum (or null: not computed).
FT_API int32_t ft_evaluate(ft_model* model, ft_dataset* dataset, const int64_t* indices, const int64_t* labels,
                           const uint8_t* triggered, int64_t n, const ft_train_options* trigger, int32_t batch_size,
                           int32_t classes, int64_t* confusion, double* loss_sum);

// Runs the model in evaluation mode on `batch` inputs of `sample_shape`; writes batch x outputs floats.
FT_API int32_t ft_model_forward(ft_model* model, const float* input, int64_t batch, const int64_t* sample_shape,
                                int32_t sample_dims, float* output, int64_t output_length);

typedef struct ft_gan_options {
  int32_t steps;        // alternating discriminator/generator updates in this call
  int32_t batch_size;   // real and fake samples per step
  int32_t noise_dim;
  int32_t fake_class;   // the discriminator's "fake" output (its last)
  double learning_rate; // Adam, for both networks
  double adam_beta1;
  double adam_beta2;
} ft_gan_options;

// PDGAN's GAN training (paper 002 Alg. 1 line 6): per step the discriminator learns real auxiliary samples as
// their classes and generated ones as fake_class; then the generator learns to make the discriminator call its
// output real (loss -log(1 - p_fake)). The generator's flat output is reshaped to the real samples' shape.
// real_indices[steps * batch] and noise[steps * batch * noise_dim] are drawn by C# from the seed.
FT_API int32_t ft_gan_train(ft_model* generator, ft_model* discriminator, ft_dataset* auxiliary,
                            const int64_t* real_indices, const float* noise, const ft_gan_options* options,
                            double* discriminator_loss, double* generator_loss);

// out[i * k + j] = ||x_i - x_j||^2 for the k rows of x (k x d, float32): n_i + n_j - 2 x_i.x_j from float32 Gram
// products of column chunks summed in float64 and float64 norms, within 1e-4 relative by an error bound; the pairs
// too close for the bound are summed again directly in float64. Non-negative, exactly symmetric, zero diagonal.
FT_API int32_t ft_pairwise_squared_distances(const float* x, int64_t k, int64_t d, double* out);
// The same for k rows that lie anywhere (rows[i] points at d floats), read in place without stacking them.
FT_API int32_t ft_pairwise_squared_distances_rows(const float* const* rows, int64_t k, int64_t d, double* out);
// out[i * kb + j] = ||a_i - b_j||^2 for ka rows a and kb rows b of d floats each (read in place), computed as the
// pairwise distances are (the same error bound, close pairs summed again directly). Non-negative.
FT_API int32_t ft_cross_squared_distances_rows(const float* const* a, int64_t ka, const float* const* b, int64_t kb,
                                               int64_t d, double* out);
// out = x x^T in float32 for the k rows of x (k x d): one bare matrix product, what `bench distances` compares with.
FT_API int32_t ft_gram_float32(const float* x, int64_t k, int64_t d, float* out);

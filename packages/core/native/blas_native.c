/*
 * Optional native kernels for @aelab/core's `blas` backend: tfjs-backend-wasm with its matrix products (and a few
 * fused training kernels) computed by OpenBLAS. Every function works on Float32Array views of the WASM heap that
 * the TypeScript side hands over, so nothing is copied; outputs are always buffers the caller allocated for them,
 * never an input (tf.js shares buffers between tensors).
 * Built only on request (`pnpm --filter @aelab/core build-native`); the package works without it.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <node_api.h>

/* Fortran BLAS (column-major) and OpenBLAS's own controls. */
extern void sgemm_(const char *transa, const char *transb, const int *m, const int *n, const int *k, const float *alpha,
                   const float *a, const int *lda, const float *b, const int *ldb, const float *beta, float *c,
                   const int *ldc);
extern void openblas_set_num_threads(int n);
extern int openblas_get_num_threads(void);
extern char *openblas_get_config(void);
extern char *openblas_get_corename(void);

enum { ACT_LINEAR = 0, ACT_RELU = 1, ACT_SIGMOID = 2, ACT_RELU6 = 3, ACT_ELU = 4, ACT_LEAKYRELU = 5 };

#define CHECK(call)                                                                                              \
  do {                                                                                                           \
    if ((call) != napi_ok) {                                                                                     \
      napi_throw_error(env, "BLAS_NATIVE", "native call failed: " #call);                                      \
      return NULL;                                                                                               \
    }                                                                                                            \
  } while (0)

#define FAIL(code, message)                                                                                      \
  do {                                                                                                           \
    napi_throw_error(env, code, message);                                                                        \
    return NULL;                                                                                                 \
  } while (0)

/* A Float32Array argument; 0 if it is not one. */
static int floats(napi_env env, napi_value v, float **data, size_t *length) {
  napi_typedarray_type type;
  napi_value buffer;
  size_t offset;
  void *p;
  if (napi_get_typedarray_info(env, v, &type, length, &p, &buffer, &offset) != napi_ok) return 0;
  if (type != napi_float32_array) return 0;
  *data = p;
  return 1;
}

static int int_arg(napi_env env, napi_value v, int *out) {
  int32_t x;
  if (napi_get_value_int32(env, v, &x) != napi_ok) return 0;
  *out = x;
  return 1;
}

static int double_arg(napi_env env, napi_value v, double *out) { return napi_get_value_double(env, v, out) == napi_ok; }

static int is_nullish(napi_env env, napi_value v) {
  napi_valuetype t;
  return napi_typeof(env, v, &t) == napi_ok && (t == napi_null || t == napi_undefined);
}

/* Row-major C[m x n] = op(A)·op(B) + beta·C through column-major sgemm: Cᵀ = op(B)ᵀ·op(A)ᵀ. */
static void gemm_rm(int ta, int tb, int m, int n, int k, const float *a, const float *b, float beta, float *c) {
  const float one = 1.0f;
  const int lda = ta ? m : k;
  const int ldb = tb ? k : n;
  sgemm_(tb ? "T" : "N", ta ? "T" : "N", &n, &m, &k, &one, b, &ldb, a, &lda, &beta, c, &n);
}

static void activate(float *c, size_t count, int act, float alpha) {
  switch (act) {
    case ACT_RELU:
      for (size_t i = 0; i < count; i++) c[i] = c[i] > 0.0f ? c[i] : 0.0f;
      break;
    case ACT_SIGMOID:
      for (size_t i = 0; i < count; i++) c[i] = 1.0f / (1.0f + expf(-c[i]));
      break;
    case ACT_RELU6:
      for (size_t i = 0; i < count; i++) c[i] = c[i] < 0.0f ? 0.0f : (c[i] > 6.0f ? 6.0f : c[i]);
      break;
    case ACT_ELU:
      for (size_t i = 0; i < count; i++) c[i] = c[i] > 0.0f ? c[i] : expm1f(c[i]);
      break;
    case ACT_LEAKYRELU:
      for (size_t i = 0; i < count; i++) c[i] = c[i] > 0.0f ? c[i] : alpha * c[i];
      break;
    default:
      break;
  }
}

/*
 * gemm(a, b, out, batchA, batchB, m, n, k, transposeA, transposeB, bias | null, activation, alpha)
 * out[i] = act(op(a[i])·op(b[i]) + bias) for each batch item i, where a side with batch 1 is broadcast. bias has
 * n entries (one per column) or 1; `alpha` is leakyrelu's slope.
 */
static napi_value gemm(napi_env env, napi_callback_info info) {
  size_t argc = 13;
  napi_value argv[13];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 13) FAIL("INVALID_ARGUMENT", "gemm takes 13 arguments");
  float *a, *b, *c, *bias = NULL;
  size_t la, lb, lc, lbias = 0;
  int batch_a, batch_b, m, n, k, ta, tb, act;
  double alpha;
  if (!floats(env, argv[0], &a, &la) || !floats(env, argv[1], &b, &lb) || !floats(env, argv[2], &c, &lc))
    FAIL("INVALID_ARGUMENT", "gemm: a, b and out must be Float32Arrays");
  if (!int_arg(env, argv[3], &batch_a) || !int_arg(env, argv[4], &batch_b) || !int_arg(env, argv[5], &m) ||
      !int_arg(env, argv[6], &n) || !int_arg(env, argv[7], &k) || !int_arg(env, argv[8], &ta) ||
      !int_arg(env, argv[9], &tb) || !int_arg(env, argv[11], &act) || !double_arg(env, argv[12], &alpha))
    FAIL("INVALID_ARGUMENT", "gemm: sizes, flags and activation must be numbers");
  if (!is_nullish(env, argv[10]) && !floats(env, argv[10], &bias, &lbias))
    FAIL("INVALID_ARGUMENT", "gemm: bias must be a Float32Array or null");
  const int batch = batch_a > batch_b ? batch_a : batch_b;
  const size_t sa = (size_t)m * k, sb = (size_t)k * n, sc = (size_t)m * n;
  if (m < 0 || n < 0 || k < 0 || batch_a < 1 || batch_b < 1 || (batch_a != batch && batch_a != 1) ||
      (batch_b != batch && batch_b != 1) || la < sa * batch_a || lb < sb * batch_b || lc < sc * batch ||
      (bias && lbias != (size_t)n && lbias != 1))
    FAIL("INVALID_ARGUMENT", "gemm: array sizes do not match the shapes");
  for (int i = 0; i < batch; i++) {
    float *ci = c + sc * i;
    float beta = 0.0f;
    if (bias) {
      // The bias goes in first and sgemm adds the product to it (beta = 1): no second pass over C.
      for (int r = 0; r < m; r++) {
        float *row = ci + (size_t)r * n;
        if (lbias == 1)
          for (int j = 0; j < n; j++) row[j] = bias[0];
        else
          memcpy(row, bias, sizeof(float) * n);
      }
      beta = 1.0f;
    }
    if (k == 0) {
      if (!bias) memset(ci, 0, sizeof(float) * sc);
    } else if (m > 0 && n > 0) {
      gemm_rm(ta, tb, m, n, k, a + (batch_a == 1 ? 0 : sa * i), b + (batch_b == 1 ? 0 : sb * i), beta, ci);
    }
  }
  activate(c, sc * batch, act, (float)alpha);
  return NULL;
}

/*
 * One parameter's Adam step. `restrict`: outputs never alias inputs (the caller allocates them), and without it gcc
 * gives up vectorising for the number of alias checks seven pointers need (measured 2.5x slower than WASM SIMD).
 */
static void adam_update(const float *restrict w, const float *restrict g, const float *restrict m, const float *restrict v,
                        float *restrict wo, float *restrict mo, float *restrict vo, size_t n, float b1, float b2, float lrt,
                        float eh) {
  const float c1 = 1.0f - b1, c2 = 1.0f - b2;
  for (size_t i = 0; i < n; i++) {
    const float gi = g[i];
    const float mi = b1 * m[i] + c1 * gi;
    const float vi = b2 * v[i] + c2 * gi * gi;
    mo[i] = mi;
    vo[i] = vi;
    wo[i] = w[i] - lrt * mi / (sqrtf(vi) + eh);
  }
}

/*
 * adam(w[], g[], m[], v[], wOut[], mOut[], vOut[], beta1, beta2, lrT, epsHat): one Adam step over every parameter
 * in one call, w' = w - lrT·m' / (√v' + epsHat) with the bias corrections folded into lrT and epsHat.
 */
static napi_value adam(napi_env env, napi_callback_info info) {
  size_t argc = 11;
  napi_value argv[11];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 11) FAIL("INVALID_ARGUMENT", "adam takes 11 arguments");
  double beta1, beta2, lr, eps;
  if (!double_arg(env, argv[7], &beta1) || !double_arg(env, argv[8], &beta2) || !double_arg(env, argv[9], &lr) ||
      !double_arg(env, argv[10], &eps))
    FAIL("INVALID_ARGUMENT", "adam: hyperparameters must be numbers");
  uint32_t count;
  CHECK(napi_get_array_length(env, argv[0], &count));
  for (int j = 1; j < 7; j++) {
    uint32_t other;
    if (napi_get_array_length(env, argv[j], &other) != napi_ok || other != count)
      FAIL("INVALID_ARGUMENT", "adam: the seven arrays of tensors must have the same length");
  }
  const float b1 = (float)beta1, b2 = (float)beta2, lrt = (float)lr, eh = (float)eps;
  for (uint32_t p = 0; p < count; p++) {
    float *x[7];
    size_t len[7];
    for (int j = 0; j < 7; j++) {
      napi_value e;
      CHECK(napi_get_element(env, argv[j], p, &e));
      if (!floats(env, e, &x[j], &len[j]) || len[j] != len[0])
        FAIL("INVALID_ARGUMENT", "adam: every tensor of a parameter must be a Float32Array of its size");
    }
    adam_update(x[0], x[1], x[2], x[3], x[4], x[5], x[6], len[0], b1, b2, lrt, eh);
  }
  return NULL;
}

/* Reads argv[from .. from+count) as int32s into out; 0 if one is not a number. */
static int ints(napi_env env, const napi_value *argv, int from, int count, int *out) {
  for (int i = 0; i < count; i++)
    if (!int_arg(env, argv[from + i], &out[i])) return 0;
  return 1;
}

/* Fetches `count` Float32Array arguments and checks each holds at least its required length. */
static int float_args(napi_env env, const napi_value *argv, int count, float **data, const size_t *need) {
  for (int i = 0; i < count; i++) {
    size_t len;
    if (!floats(env, argv[i], &data[i], &len) || len < need[i]) return 0;
  }
  return 1;
}

/*
 * e^x for x in [-87, 0] and log(y) for y in [1, 2], as Cephes's single-precision polynomials (about 1 ulp): written
 * with plain arithmetic and bit moves so gcc vectorises the loops that call them, which it cannot do with libm's
 * expf/log1pf (BCE over a 128x3072 batch went from ~3.3 to ~0.x ms).
 */
static inline float exp_nonpositive(float x) {
  x = x < -87.0f ? -87.0f : x;
  // n = round(x / ln 2); truncating x·log2(e) - 0.5 toward zero rounds it for x <= 0.
  const int n = (int)(x * 1.44269504088896341f - 0.5f);
  const float r = x - (float)n * 0.693359375f - (float)n * -2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.0f;
  union { int32_t i; float f; } scale = {.i = (n + 127) << 23};
  return p * scale.f;
}

static inline float log_1_to_2(float y) {
  union { float f; int32_t i; } u = {.f = y};
  // y = 2^e·m with m in [√½, √2): e is 0 or 1 here.
  const int e = ((u.i >> 23) & 0xff) - 126;
  u.i = (u.i & 0x007fffff) | 0x3f000000; /* m in [0.5, 1) */
  const int low = u.f < 0.707106781186547524f;
  const float m = low ? u.f + u.f - 1.0f : u.f - 1.0f;
  const float fe = (float)(low ? e - 1 : e);
  const float z = m * m;
  float p = 7.0376836292e-2f;
  p = p * m - 1.1514610310e-1f;
  p = p * m + 1.1676998740e-1f;
  p = p * m - 1.2420140846e-1f;
  p = p * m + 1.4249322787e-1f;
  p = p * m - 1.6668057665e-1f;
  p = p * m + 2.0000714765e-1f;
  p = p * m - 2.4999993993e-1f;
  p = p * m + 3.3333331174e-1f;
  p = p * m * z + fe * -2.12194440e-4f - 0.5f * z;
  return m + p + fe * 0.693359375f;
}

/*
 * bce(labels, logits, out, n): out[0] = mean over n of softplus(l) - x·l, the binary cross-entropy of σ(l) against x
 * written stably as max(l, 0) - x·l + log(1 + e^-|l|). Blocks of 1024 are summed in float (vectorised), the blocks
 * in double, so the mean does not drift with n.
 */
static napi_value bce(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int n;
  if (argc != 4 || !int_arg(env, argv[3], &n) || n < 1) FAIL("INVALID_ARGUMENT", "bce(labels, logits, out, n) with n >= 1");
  float *p[3];
  const size_t need[3] = {(size_t)n, (size_t)n, 1};
  if (!float_args(env, argv, 3, p, need)) FAIL("INVALID_ARGUMENT", "bce: labels and logits need n floats, out one");
  const float *restrict x = p[0], *restrict l = p[1];
  double total = 0.0;
  for (int start = 0; start < n; start += 1024) {
    const int end = n - start < 1024 ? n : start + 1024;
    float block = 0.0f;
    for (int i = start; i < end; i++) {
      const float li = l[i];
      block += (li > 0.0f ? li : 0.0f) - x[i] * li + log_1_to_2(1.0f + exp_nonpositive(-fabsf(li)));
    }
    total += block;
  }
  p[2][0] = (float)(total / n);
  return NULL;
}

static void bce_grad_loop(const float *restrict x, const float *restrict l, float *restrict gx, float *restrict gl, int n, float s) {
  for (int i = 0; i < n; i++) {
    // σ(l) from e^-|l| (never overflows): 1/(1+e) for l >= 0, e/(1+e) below.
    const float e = exp_nonpositive(-fabsf(l[i]));
    const float sigma = (l[i] >= 0.0f ? 1.0f : e) / (1.0f + e);
    gl[i] = (sigma - x[i]) * s;
    gx[i] = -l[i] * s;
  }
}

/*
 * bceGrad(labels, logits, dLabels, dLogits, n, scale): the gradients of bce scaled by `scale` (dy / n):
 * dLogits = (σ(l) - x)·scale, dLabels = -l·scale, in one pass.
 */
static napi_value bce_grad(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int n;
  double scale;
  if (argc != 6 || !int_arg(env, argv[4], &n) || n < 1 || !double_arg(env, argv[5], &scale))
    FAIL("INVALID_ARGUMENT", "bceGrad(labels, logits, dLabels, dLogits, n, scale) with n >= 1");
  float *p[4];
  const size_t need[4] = {(size_t)n, (size_t)n, (size_t)n, (size_t)n};
  if (!float_args(env, argv, 4, p, need)) FAIL("INVALID_ARGUMENT", "bceGrad: every array needs n floats");
  bce_grad_loop(p[0], p[1], p[2], p[3], n, (float)scale);
  return NULL;
}

/*
 * columnSums(x, out, rows, cols): out[j] = Σ_r x[r, j] of a row-major [rows, cols] matrix (a bias gradient, or
 * with cols = 1 the sum of everything). Rows are added in order as tf.js's reductions do; a single column is summed
 * in double.
 */
static napi_value column_sums(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int d[2];
  if (argc != 4 || !ints(env, argv, 2, 2, d) || d[0] < 0 || d[1] < 1)
    FAIL("INVALID_ARGUMENT", "columnSums(x, out, rows, cols) with rows >= 0, cols >= 1");
  const size_t rows = (size_t)d[0], cols = (size_t)d[1];
  float *p[2];
  const size_t need[2] = {rows * cols, cols};
  if (!float_args(env, argv, 2, p, need)) FAIL("INVALID_ARGUMENT", "columnSums: x needs rows·cols floats, out cols");
  const float *x = p[0];
  float *out = p[1];
  if (cols == 1) {
    double total = 0.0;
    for (size_t r = 0; r < rows; r++) total += x[r];
    out[0] = (float)total;
    return NULL;
  }
  memset(out, 0, sizeof(float) * cols);
  for (size_t r = 0; r < rows; r++) {
    const float *row = x + r * cols;
    for (size_t j = 0; j < cols; j++) out[j] += row[j];
  }
  return NULL;
}

/* addRows(x, bias, out, rows, cols): out[r, j] = x[r, j] + bias[j], a bias added to every row (a layer's z + b). */
static napi_value add_rows(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int d[2];
  if (argc != 5 || !ints(env, argv, 3, 2, d) || d[0] < 0 || d[1] < 1) FAIL("INVALID_ARGUMENT", "addRows(x, bias, out, rows, cols) with cols >= 1");
  const size_t rows = (size_t)d[0], cols = (size_t)d[1];
  float *p[3];
  const size_t need[3] = {rows * cols, cols, rows * cols};
  if (!float_args(env, argv, 3, p, need)) FAIL("INVALID_ARGUMENT", "addRows: x and out need rows·cols floats, bias cols");
  const float *restrict x = p[0], *restrict bias = p[1];
  float *restrict out = p[2];
  for (size_t r = 0; r < rows; r++)
    for (size_t j = 0; j < cols; j++) out[r * cols + j] = x[r * cols + j] + bias[j];
  return NULL;
}

/*
 * The arguments both masked kernels begin with: batch, in and out at argv[from..from+2], then x, w, mask and y (or
 * dy) at argv[0..3] with the lengths those sizes give them. 0 when a size is not one, -1 when an array falls short.
 */
typedef struct {
  size_t batch, in, out;
  float *p[4];
} masked_args;

static int masked_arg(napi_env env, const napi_value *argv, int from, masked_args *a) {
  int d[3];
  if (!ints(env, argv, from, 3, d) || d[0] < 0 || d[1] < 0 || d[2] < 0) return 0;
  a->batch = (size_t)d[0];
  a->in = (size_t)d[1];
  a->out = (size_t)d[2];
  const size_t need[4] = {a->batch * a->in, a->in * a->out, a->batch * a->in * a->out, a->batch * a->out};
  return float_args(env, argv, 4, a->p, need) ? 1 : -1;
}

/*
 * maskedProduct(x, w, mask, y, batch, in, out): y[b] = x[b]·(mask[b] ∘ w) for DropConnect's per-sample masks,
 * without materialising the masked weights: one pass over each mask.
 */
static napi_value masked_product(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  masked_args a;
  const int got = argc == 7 ? masked_arg(env, argv, 4, &a) : 0;
  if (got == 0) FAIL("INVALID_ARGUMENT", "maskedProduct(x, w, mask, y, batch, in, out) with sizes >= 0");
  if (got < 0) FAIL("INVALID_ARGUMENT", "maskedProduct: array sizes do not match the shapes");
  const size_t batch = a.batch, in = a.in, out = a.out;
  const float *x = a.p[0], *w = a.p[1], *mask = a.p[2];
  float *y = a.p[3];
  memset(y, 0, sizeof(float) * batch * out);
  for (size_t b = 0; b < batch; b++) {
    float *yb = y + b * out;
    for (size_t i = 0; i < in; i++) {
      const float xi = x[b * in + i];
      const float *wi = w + i * out, *mi = mask + (b * in + i) * out;
      for (size_t j = 0; j < out; j++) yb[j] += xi * mi[j] * wi[j];
    }
  }
  return NULL;
}

/*
 * maskedProductGrad(x, w, mask, dy, dx | null, dw, batch, in, out): the gradients of maskedProduct,
 * dx[b, i] = Σ_j dy[b, j]·mask[b, i, j]·w[i, j] and dw[i, j] = Σ_b mask[b, i, j]·x[b, i]·dy[b, j], in one pass over
 * the masks. dx is skipped when null (an input that depends on nothing trained).
 */
static napi_value masked_product_grad(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value argv[9];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  masked_args a;
  const int got = argc == 9 ? masked_arg(env, argv, 6, &a) : 0;
  if (got == 0) FAIL("INVALID_ARGUMENT", "maskedProductGrad(x, w, mask, dy, dx, dw, batch, in, out) with sizes >= 0");
  if (got < 0) FAIL("INVALID_ARGUMENT", "maskedProductGrad: array sizes do not match the shapes");
  const size_t batch = a.batch, in = a.in, out = a.out;
  float *dx = NULL, *dw;
  size_t ldx = 0, ldw;
  if (!is_nullish(env, argv[4]) && (!floats(env, argv[4], &dx, &ldx) || ldx < batch * in))
    FAIL("INVALID_ARGUMENT", "maskedProductGrad: dx must be null or batch·in floats");
  if (!floats(env, argv[5], &dw, &ldw) || ldw < in * out) FAIL("INVALID_ARGUMENT", "maskedProductGrad: dw needs in·out floats");
  const float *x = a.p[0], *w = a.p[1], *mask = a.p[2], *dy = a.p[3];
  memset(dw, 0, sizeof(float) * in * out);
  for (size_t b = 0; b < batch; b++) {
    const float *dyb = dy + b * out;
    for (size_t i = 0; i < in; i++) {
      const float xi = x[b * in + i];
      const float *wi = w + i * out, *mi = mask + (b * in + i) * out;
      float *dwi = dw + i * out;
      float acc = 0.0f;
      for (size_t j = 0; j < out; j++) {
        const float md = mi[j] * dyb[j];
        acc += md * wi[j];
        dwi[j] += md * xi;
      }
      if (dx) dx[b * in + i] = acc;
    }
  }
  return NULL;
}

/* NHWC convolution geometry, in the order the TypeScript side passes it. */
typedef struct {
  int batch, in_h, in_w, in_c, out_h, out_w, out_c, f_h, f_w, stride_h, stride_w, dil_h, dil_w, pad_top, pad_left;
} conv_geometry;
#define CONV_INTS 15

static int conv_geometry_arg(napi_env env, const napi_value *argv, int from, conv_geometry *g) {
  int v[CONV_INTS];
  if (!ints(env, argv, from, CONV_INTS, v)) return 0;
  memcpy(g, v, sizeof(v));
  for (int i = 0; i < CONV_INTS; i++)
    if (v[i] < 0) return 0;
  return g->stride_h > 0 && g->stride_w > 0 && g->dil_h > 0 && g->dil_w > 0;
}

/*
 * Samples per chunk: the im2col block stays near 1 MiB, so sgemm reads it while it is still in cache and the
 * scratch buffer is small enough to keep between calls (at least one sample, however large).
 */
static size_t conv_chunk(const conv_geometry *g) {
  const size_t per_sample = (size_t)g->out_h * g->out_w * g->f_h * g->f_w * g->in_c;
  const size_t limit = (size_t)1 << 18;
  size_t chunk = per_sample ? limit / per_sample : (size_t)g->batch;
  if (chunk < 1) chunk = 1;
  return chunk > (size_t)g->batch ? (size_t)g->batch : chunk;
}

/*
 * The conv kernels' im2col buffer, grown when needed and kept between calls: a fresh multi-MiB malloc per call
 * costs its page faults every time. One per Node environment (instance data), so worker threads that load the
 * addon never share it; freed with the environment.
 */
typedef struct {
  float *data;
  size_t capacity;
} scratch_buffer;

static void free_scratch(napi_env env, void *data, void *hint) {
  scratch_buffer *s = data;
  free(s->data);
  free(s);
}

static float *scratch(napi_env env, size_t floats) {
  scratch_buffer *s = NULL;
  if (napi_get_instance_data(env, (void **)&s) != napi_ok || !s) return NULL;
  if (floats > s->capacity) {
    float *grown = realloc(s->data, sizeof(float) * floats);
    if (!grown) return NULL;
    s->data = grown;
    s->capacity = floats;
  }
  return s->data;
}

/*
 * The walk im2col and col2im share, entry (i, j, c) of cols row (b, y, x) against pixel
 * image[b0 + b, y·s + i·d - top, x·s + j·d - left, c]. `add_back` is a constant at both call sites, so each inlined
 * copy keeps only its own inner loops: entries outside the image are zeroed (im2col) or dropped (col2im). `restrict`:
 * cols is the scratch buffer, never the image, and without it gcc checks the two for overlap around every run.
 */
__attribute__((always_inline))
static inline void patch_walk(float *restrict image, float *restrict cols, size_t b0, size_t count, const conv_geometry *g, const int add_back) {
  const size_t k = (size_t)g->f_h * g->f_w * g->in_c;
  float *row = cols;
  for (size_t b = b0; b < b0 + count; b++)
    for (int oy = 0; oy < g->out_h; oy++)
      for (int ox = 0; ox < g->out_w; ox++, row += k) {
        float *entry = row;
        for (int i = 0; i < g->f_h; i++) {
          const int iy = oy * g->stride_h + i * g->dil_h - g->pad_top;
          for (int j = 0; j < g->f_w; j++, entry += g->in_c) {
            const int ix = ox * g->stride_w + j * g->dil_w - g->pad_left;
            if (iy < 0 || iy >= g->in_h || ix < 0 || ix >= g->in_w) {
              if (!add_back)
                for (int c = 0; c < g->in_c; c++) entry[c] = 0.0f;
              continue;
            }
            float *pixel = image + (((b * g->in_h + iy) * g->in_w + ix) * g->in_c);
            if (add_back)
              for (int c = 0; c < g->in_c; c++) pixel[c] += entry[c];
            else
              for (int c = 0; c < g->in_c; c++) entry[c] = pixel[c];
          }
        }
      }
}

/*
 * cols[(b, y, x), (i, j, c)] = x[b0 + b, y·s + i·d - top, x·s + j·d - left, c], zero outside the image (x is only
 * read). Runs of in_c floats are copied by loops, not memcpy: images have 3 channels and a call per 12 bytes cost
 * more than the copy (gcc would turn the loops back into calls without no-tree-loop-distribute-patterns).
 */
__attribute__((optimize("no-tree-loop-distribute-patterns")))
static void im2col(float *x, float *cols, size_t b0, size_t count, const conv_geometry *g) { patch_walk(x, cols, b0, count, g, 0); }

/* The adjoint of im2col: adds every patch entry back to the pixel it came from (dx must start zeroed; cols is only read). */
static void col2im(float *cols, float *dx, size_t b0, size_t count, const conv_geometry *g) { patch_walk(dx, cols, b0, count, g, 1); }

enum { CONV_BACKPROP_INPUT = 1, CONV_BACKPROP_FILTER = 2 };

/*
 * conv(mode, a, b, out, ...geometry): the gradients of an NHWC 2-D convolution y = conv(x, F) through im2col and
 * sgemm, with filters [fH, fW, inC, outC]:
 *   backprop input (a = dy, b = filter, out = dx): dx = col2im(dy · Fᵀ)  (also conv2dTranspose's forward)
 *   backprop filter (a = x, b = dy, out = dF):    dF = cols(x)ᵀ · dy, summed over chunks of samples
 * The geometry describes the forward convolution (x → y) in both modes. The forward itself stays on XNNPACK.
 */
static napi_value conv(napi_env env, napi_callback_info info) {
  size_t argc = 4 + CONV_INTS;
  napi_value argv[4 + CONV_INTS];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int mode;
  conv_geometry g;
  if (argc != 4 + CONV_INTS || !int_arg(env, argv[0], &mode) || (mode != CONV_BACKPROP_INPUT && mode != CONV_BACKPROP_FILTER) ||
      !conv_geometry_arg(env, argv, 4, &g))
    FAIL("INVALID_ARGUMENT", "conv(mode 1 | 2, a, b, out, ...15 geometry integers) with positive strides and dilations");
  const size_t xs = (size_t)g.batch * g.in_h * g.in_w * g.in_c, ys = (size_t)g.batch * g.out_h * g.out_w * g.out_c;
  const size_t fs = (size_t)g.f_h * g.f_w * g.in_c * g.out_c;
  const size_t input_sizes[3] = {ys, fs, xs}, filter_sizes[3] = {xs, ys, fs};
  const size_t *sizes = mode == CONV_BACKPROP_INPUT ? input_sizes : filter_sizes;
  float *p[3];
  if (!float_args(env, argv + 1, 3, p, sizes)) FAIL("INVALID_ARGUMENT", "conv: array sizes do not match the geometry");
  const int k = g.f_h * g.f_w * g.in_c, pixels = g.out_h * g.out_w;
  float *out = p[2];
  memset(out, 0, sizeof(float) * sizes[2]);
  if (k == 0 || pixels == 0 || g.out_c == 0 || g.batch == 0) return NULL;
  const size_t chunk = conv_chunk(&g);
  float *cols = scratch(env, chunk * pixels * k);
  if (!cols) FAIL("OUT_OF_MEMORY", "conv: no memory for the im2col buffer");
  for (size_t b0 = 0; b0 < (size_t)g.batch; b0 += chunk) {
    const size_t count = (size_t)g.batch - b0 < chunk ? (size_t)g.batch - b0 : chunk;
    const int rows = (int)(count * pixels);
    const size_t y_offset = b0 * pixels * g.out_c;
    if (mode == CONV_BACKPROP_INPUT) {
      gemm_rm(0, 1, rows, k, g.out_c, p[0] + y_offset, p[1], 0.0f, cols);
      col2im(cols, out, b0, count, &g);
    } else {
      im2col(p[0], cols, b0, count, &g);
      gemm_rm(1, 0, k, g.out_c, rows, cols, p[1] + y_offset, 1.0f, out);
    }
  }
  return NULL;
}

/*
 * maxPoolGrad(dy, x, dx, batch, inH, inW, channels, outH, outW, fH, fW, strideH, strideW, padTop, padLeft): each
 * output gradient goes to the first largest input of its window (row-major window order, as tf.js's CPU backend
 * picks it); windows are clipped to the image. One pass over the windows instead of a gather per input pixel.
 */
static napi_value max_pool_grad(napi_env env, napi_callback_info info) {
  size_t argc = 15;
  napi_value argv[15];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int d[12];
  if (argc != 15 || !ints(env, argv, 3, 12, d)) FAIL("INVALID_ARGUMENT", "maxPoolGrad(dy, x, dx, ...12 geometry integers)");
  for (int i = 0; i < 12; i++)
    if (d[i] < 0 || ((i == 8 || i == 9) && d[i] == 0)) FAIL("INVALID_ARGUMENT", "maxPoolGrad: sizes must be >= 0 and strides > 0");
  const int batch = d[0], in_h = d[1], in_w = d[2], ch = d[3], out_h = d[4], out_w = d[5], f_h = d[6], f_w = d[7];
  const int s_h = d[8], s_w = d[9], top = d[10], left = d[11];
  float *p[3];
  const size_t xs = (size_t)batch * in_h * in_w * ch, ys = (size_t)batch * out_h * out_w * ch;
  const size_t need[3] = {ys, xs, xs};
  if (!float_args(env, argv, 3, p, need)) FAIL("INVALID_ARGUMENT", "maxPoolGrad: array sizes do not match the geometry");
  const float *dy = p[0], *x = p[1];
  float *dx = p[2];
  memset(dx, 0, sizeof(float) * xs);
  for (int b = 0; b < batch; b++)
    for (int oy = 0; oy < out_h; oy++)
      for (int ox = 0; ox < out_w; ox++) {
        const int y0 = oy * s_h - top, x0 = ox * s_w - left;
        const int ya = y0 < 0 ? 0 : y0, yb = y0 + f_h > in_h ? in_h : y0 + f_h;
        const int xa = x0 < 0 ? 0 : x0, xb = x0 + f_w > in_w ? in_w : x0 + f_w;
        const float *g = dy + (((size_t)b * out_h + oy) * out_w + ox) * ch;
        for (int c = 0; c < ch; c++) {
          size_t best = SIZE_MAX;
          float max = -INFINITY;
          for (int iy = ya; iy < yb; iy++)
            for (int ix = xa; ix < xb; ix++) {
              const size_t at = (((size_t)b * in_h + iy) * in_w + ix) * ch + c;
              if (best == SIZE_MAX || x[at] > max) {
                max = x[at];
                best = at;
              }
            }
          if (best != SIZE_MAX) dx[best] += g[c];
        }
      }
  return NULL;
}

/* setThreads(n): OpenBLAS's thread count for every later call. */
static napi_value set_threads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int n;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 1 || !int_arg(env, argv[0], &n) || n < 1) FAIL("INVALID_ARGUMENT", "setThreads takes a positive integer");
  openblas_set_num_threads(n);
  return NULL;
}

/* info() -> [threads, OpenBLAS build configuration, core type in use] */
static napi_value blas_info(napi_env env, napi_callback_info info) {
  napi_value result, value;
  CHECK(napi_create_array_with_length(env, 3, &result));
  CHECK(napi_create_int32(env, openblas_get_num_threads(), &value));
  CHECK(napi_set_element(env, result, 0, value));
  CHECK(napi_create_string_utf8(env, openblas_get_config(), NAPI_AUTO_LENGTH, &value));
  CHECK(napi_set_element(env, result, 1, value));
  CHECK(napi_create_string_utf8(env, openblas_get_corename(), NAPI_AUTO_LENGTH, &value));
  CHECK(napi_set_element(env, result, 2, value));
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  scratch_buffer *s = calloc(1, sizeof(scratch_buffer));
  if (!s || napi_set_instance_data(env, s, free_scratch, NULL) != napi_ok) {
    free(s);
    FAIL("OUT_OF_MEMORY", "blas_native: could not set up its per-environment data");
  }
  const napi_property_descriptor props[] = {
      {"gemm", NULL, gemm, NULL, NULL, NULL, napi_enumerable, NULL},
      {"adam", NULL, adam, NULL, NULL, NULL, napi_enumerable, NULL},
      {"bce", NULL, bce, NULL, NULL, NULL, napi_enumerable, NULL},
      {"bceGrad", NULL, bce_grad, NULL, NULL, NULL, napi_enumerable, NULL},
      {"columnSums", NULL, column_sums, NULL, NULL, NULL, napi_enumerable, NULL},
      {"addRows", NULL, add_rows, NULL, NULL, NULL, napi_enumerable, NULL},
      {"maskedProduct", NULL, masked_product, NULL, NULL, NULL, napi_enumerable, NULL},
      {"maskedProductGrad", NULL, masked_product_grad, NULL, NULL, NULL, napi_enumerable, NULL},
      {"conv", NULL, conv, NULL, NULL, NULL, napi_enumerable, NULL},
      {"maxPoolGrad", NULL, max_pool_grad, NULL, NULL, NULL, napi_enumerable, NULL},
      {"setThreads", NULL, set_threads, NULL, NULL, NULL, napi_enumerable, NULL},
      {"info", NULL, blas_info, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  CHECK(napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)

;; Mean binary cross-entropy from logits and its gradient in WASM SIMD on tfjs-backend-wasm's heap (the module imports
;; its memory; pointers are byte offsets). tfjs-backend-wasm's Softplus is a scalar libm loop, and the loss and its
;; gradient otherwise take ten elementwise kernels; here each direction is one pass, four elements at a time.
;;
;; e^x for x <= 0 and log(y) for y in [1, 2] are Cephes's single-precision polynomials (about 1 ulp), the same as the
;; `blas` backend's native kernels (packages/core/native/blas_native.c): e^x = 2^n·p(r) with n = round(x / ln 2) and
;; r = x - n·ln 2 (ln 2 in two parts), and log(y) = log(m) + e·ln 2 with y = 2^e·m, m in [√½, √2).
;;
;; Regenerate bce-wasm.ts after editing: pnpm --filter @aelab/tools build-wasm
(module
  (import "env" "memory" (memory 1))

  ;; e^x for x <= 0 (below -87 it gives e^-87, about 1.6e-38, rather than a denormal)
  (func $exp_nonpositive (param $x v128) (result v128)
    (local $n v128) (local $r v128) (local $p v128)
    (local.set $x (f32x4.pmax (local.get $x) (v128.const f32x4 -87 -87 -87 -87)))
    (local.set $n (f32x4.nearest (f32x4.mul (local.get $x) (v128.const f32x4 1.44269504088896341 1.44269504088896341 1.44269504088896341 1.44269504088896341))))
    (local.set $r
      (f32x4.sub
        (f32x4.sub (local.get $x) (f32x4.mul (local.get $n) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375)))
        (f32x4.mul (local.get $n) (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))))
    (local.set $p (v128.const f32x4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1)))
    (local.set $p
      (f32x4.add
        (f32x4.add (f32x4.mul (f32x4.mul (local.get $p) (local.get $r)) (local.get $r)) (local.get $r))
        (v128.const f32x4 1 1 1 1)))
    ;; times 2^n, built in the exponent bits
    (f32x4.mul (local.get $p)
      (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $n)) (v128.const i32x4 127 127 127 127)) (i32.const 23))))

  ;; log(y) for y in [1, 2]
  (func $log_1_to_2 (param $y v128) (result v128)
    (local $m v128) (local $low v128) (local $fe v128) (local $z v128) (local $p v128)
    ;; y = 2^e·m0 with m0 in [0.5, 1)
    (local.set $fe (i32x4.sub (i32x4.shr_u (local.get $y) (i32.const 23)) (v128.const i32x4 126 126 126 126)))
    (local.set $m (v128.or (v128.and (local.get $y) (v128.const i32x4 0x007fffff 0x007fffff 0x007fffff 0x007fffff)) (v128.const i32x4 0x3f000000 0x3f000000 0x3f000000 0x3f000000)))
    ;; below √½: m = 2·m0 - 1 and e - 1 (the mask is -1 in those lanes), else m = m0 - 1
    (local.set $low (f32x4.lt (local.get $m) (v128.const f32x4 0.707106781186547524 0.707106781186547524 0.707106781186547524 0.707106781186547524)))
    (local.set $m (f32x4.add (f32x4.sub (local.get $m) (v128.const f32x4 1 1 1 1)) (v128.and (local.get $m) (local.get $low))))
    (local.set $fe (f32x4.convert_i32x4_s (i32x4.add (local.get $fe) (local.get $low))))
    (local.set $z (f32x4.mul (local.get $m) (local.get $m)))
    (local.set $p (v128.const f32x4 7.0376836292e-2 7.0376836292e-2 7.0376836292e-2 7.0376836292e-2))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $m)) (v128.const f32x4 -1.1514610310e-1 -1.1514610310e-1 -1.1514610310e-1 -1.1514610310e-1)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $m)) (v128.const f32x4 1.1676998740e-1 1.1676998740e-1 1.1676998740e-1 1.1676998740e-1)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $m)) (v128.const f32x4 -1.2420140846e-1 -1.2420140846e-1 -1.2420140846e-1 -1.2420140846e-1)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $m)) (v128.const f32x4 1.4249322787e-1 1.4249322787e-1 1.4249322787e-1 1.4249322787e-1)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $m)) (v128.const f32x4 -1.6668057665e-1 -1.6668057665e-1 -1.6668057665e-1 -1.6668057665e-1)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $m)) (v128.const f32x4 2.0000714765e-1 2.0000714765e-1 2.0000714765e-1 2.0000714765e-1)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $m)) (v128.const f32x4 -2.4999993993e-1 -2.4999993993e-1 -2.4999993993e-1 -2.4999993993e-1)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $m)) (v128.const f32x4 3.3333331174e-1 3.3333331174e-1 3.3333331174e-1 3.3333331174e-1)))
    (local.set $p
      (f32x4.sub
        (f32x4.add
          (f32x4.mul (f32x4.mul (local.get $p) (local.get $m)) (local.get $z))
          (f32x4.mul (local.get $fe) (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4)))
        (f32x4.mul (local.get $z) (v128.const f32x4 0.5 0.5 0.5 0.5))))
    (f32x4.add (f32x4.add (local.get $m) (local.get $p)) (f32x4.mul (local.get $fe) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375))))

  ;; bce_sum(labels, logits, vecs): the sum over 4·vecs elements of softplus(l) - x·l, written stably as
  ;; max(l, 0) - x·l + log(1 + e^-|l|). Blocks of 256 vectors are summed in float32, the blocks in float64.
  (func (export "bce_sum") (param $x i32) (param $l i32) (param $vecs i32) (result f64)
    (local $block i32) (local $lv v128) (local $s v128) (local $total v128)
    (block $done
      (loop $blocks
        (br_if $done (i32.eqz (local.get $vecs)))
        (local.set $block (select (i32.const 256) (local.get $vecs) (i32.gt_u (local.get $vecs) (i32.const 256))))
        (local.set $vecs (i32.sub (local.get $vecs) (local.get $block)))
        (local.set $s (v128.const f32x4 0 0 0 0))
        (loop $elements
          (local.set $lv (v128.load (local.get $l)))
          (local.set $s
            (f32x4.add (local.get $s)
              (f32x4.add
                (f32x4.sub (f32x4.pmax (local.get $lv) (v128.const f32x4 0 0 0 0)) (f32x4.mul (v128.load (local.get $x)) (local.get $lv)))
                (call $log_1_to_2 (f32x4.add (v128.const f32x4 1 1 1 1) (call $exp_nonpositive (f32x4.neg (f32x4.abs (local.get $lv)))))))))
          (local.set $x (i32.add (local.get $x) (i32.const 16)))
          (local.set $l (i32.add (local.get $l) (i32.const 16)))
          (br_if $elements (local.tee $block (i32.sub (local.get $block) (i32.const 1)))))
        (local.set $total
          (f64x2.add (local.get $total)
            (f64x2.add (f64x2.promote_low_f32x4 (local.get $s)) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $s) (local.get $s))))))
        (br $blocks)))
    (f64.add (f64x2.extract_lane 0 (local.get $total)) (f64x2.extract_lane 1 (local.get $total))))

  ;; bce_grad(labels, logits, dLabels, dLogits, vecs, scale): over 4·vecs elements, dLogits = (σ(l) - x)·scale and
  ;; dLabels = -l·scale, with σ(l) from e^-|l| (which never overflows): 1/(1+e) for l >= 0, e/(1+e) below.
  (func (export "bce_grad") (param $x i32) (param $l i32) (param $gx i32) (param $gl i32) (param $vecs i32) (param $scale f32)
    (local $lv v128) (local $e v128) (local $sv v128) (local $sigma v128)
    (local.set $sv (f32x4.splat (local.get $scale)))
    (block $done
      (br_if $done (i32.eqz (local.get $vecs)))
      (loop $elements
        (local.set $lv (v128.load (local.get $l)))
        (local.set $e (call $exp_nonpositive (f32x4.neg (f32x4.abs (local.get $lv)))))
        (local.set $sigma
          (f32x4.div
            (v128.bitselect (v128.const f32x4 1 1 1 1) (local.get $e) (f32x4.ge (local.get $lv) (v128.const f32x4 0 0 0 0)))
            (f32x4.add (v128.const f32x4 1 1 1 1) (local.get $e))))
        (v128.store (local.get $gl) (f32x4.mul (f32x4.sub (local.get $sigma) (v128.load (local.get $x))) (local.get $sv)))
        (v128.store (local.get $gx) (f32x4.mul (f32x4.neg (local.get $lv)) (local.get $sv)))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $l (i32.add (local.get $l) (i32.const 16)))
        (local.set $gx (i32.add (local.get $gx) (i32.const 16)))
        (local.set $gl (i32.add (local.get $gl) (i32.const 16)))
        (br_if $elements (local.tee $vecs (i32.sub (local.get $vecs) (i32.const 1)))))))
)

;; Mean binary cross-entropy from logits and its gradient in WASM SIMD on tfjs-backend-wasm's heap (the module imports
;; its memory; pointers are byte offsets). tfjs-backend-wasm's Softplus is a scalar libm loop, and the loss and its
;; gradient otherwise take ten elementwise kernels; here each direction is one pass, four elements at a time.
;;
;; e^x for x <= 0 and log(y) for y in [1, 2] are Cephes's single-precision polynomials (about 1 ulp), the same as the
;; `blas` backend's native kernels (packages/core/native/blas_native.c): e^x = 2^n·p(r) with n = round(x / ln 2) and
;; r = x - n·ln 2 (ln 2 in two parts), and log(y) = log(m) + e·ln 2 with y = 2^e·m, m in [√½, √2). The constants are
;; set once into locals (V8 builds each v128.const with several instructions) and the polynomials are written out in
;; both loops rather than called (calls are not inlined).
;;
;; Regenerate bce-wasm.ts after editing: pnpm --filter @aelab/tools build-wasm
(module
  (import "env" "memory" (memory 1))

  ;; bce_sum(labels, logits, vecs): the sum over 4·vecs elements of softplus(l) - x·l, written stably as
  ;; max(l, 0) - x·l + log(1 + e^-|l|). Blocks of 64 vectors are summed in float32, the blocks in float64.
  (func (export "bce_sum") (param $x i32) (param $l i32) (param $vecs i32) (result f64)
    (local $block i32) (local $lv v128) (local $e v128) (local $lg v128) (local $s v128) (local $total v128)
    (local $t v128) (local $n v128) (local $r v128) (local $p v128) (local $fe v128) (local $m v128) (local $low v128) (local $z v128)
    (local $c_zero v128) (local $c_one v128) (local $c_m87 v128) (local $c_log2e v128) (local $c_magic v128) (local $c_ln2hi v128) (local $c_ln2lo v128) (local $e0 v128) (local $e1 v128) (local $e2 v128) (local $e3 v128) (local $e4 v128) (local $e5 v128) (local $c_sqrthalf v128) (local $c_half v128) (local $l0 v128) (local $l1 v128) (local $l2 v128) (local $l3 v128) (local $l4 v128) (local $l5 v128) (local $l6 v128) (local $l7 v128) (local $l8 v128) (local $c_mant v128) (local $c_half_bits v128) (local $c_126 v128) (local $c_magic_bits v128) (local $c_127 v128)
    (local.set $c_zero (v128.const f32x4 0 0 0 0))
    (local.set $c_one (v128.const f32x4 1 1 1 1))
    (local.set $c_m87 (v128.const f32x4 -87 -87 -87 -87))
    (local.set $c_log2e (v128.const f32x4 1.44269504088896341 1.44269504088896341 1.44269504088896341 1.44269504088896341))
    (local.set $c_magic (v128.const f32x4 12582912 12582912 12582912 12582912))
    (local.set $c_ln2hi (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375))
    (local.set $c_ln2lo (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))
    (local.set $e0 (v128.const f32x4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4))
    (local.set $e1 (v128.const f32x4 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3))
    (local.set $e2 (v128.const f32x4 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3))
    (local.set $e3 (v128.const f32x4 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2))
    (local.set $e4 (v128.const f32x4 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1))
    (local.set $e5 (v128.const f32x4 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1))
    (local.set $c_sqrthalf (v128.const f32x4 0.707106781186547524 0.707106781186547524 0.707106781186547524 0.707106781186547524))
    (local.set $c_half (v128.const f32x4 0.5 0.5 0.5 0.5))
    (local.set $l0 (v128.const f32x4 7.0376836292e-2 7.0376836292e-2 7.0376836292e-2 7.0376836292e-2))
    (local.set $l1 (v128.const f32x4 -1.1514610310e-1 -1.1514610310e-1 -1.1514610310e-1 -1.1514610310e-1))
    (local.set $l2 (v128.const f32x4 1.1676998740e-1 1.1676998740e-1 1.1676998740e-1 1.1676998740e-1))
    (local.set $l3 (v128.const f32x4 -1.2420140846e-1 -1.2420140846e-1 -1.2420140846e-1 -1.2420140846e-1))
    (local.set $l4 (v128.const f32x4 1.4249322787e-1 1.4249322787e-1 1.4249322787e-1 1.4249322787e-1))
    (local.set $l5 (v128.const f32x4 -1.6668057665e-1 -1.6668057665e-1 -1.6668057665e-1 -1.6668057665e-1))
    (local.set $l6 (v128.const f32x4 2.0000714765e-1 2.0000714765e-1 2.0000714765e-1 2.0000714765e-1))
    (local.set $l7 (v128.const f32x4 -2.4999993993e-1 -2.4999993993e-1 -2.4999993993e-1 -2.4999993993e-1))
    (local.set $l8 (v128.const f32x4 3.3333331174e-1 3.3333331174e-1 3.3333331174e-1 3.3333331174e-1))
    (local.set $c_mant (v128.const i32x4 0x007fffff 0x007fffff 0x007fffff 0x007fffff))
    (local.set $c_half_bits (v128.const i32x4 0x3f000000 0x3f000000 0x3f000000 0x3f000000))
    (local.set $c_126 (v128.const i32x4 126 126 126 126))
    (local.set $c_magic_bits (v128.const i32x4 0x4b400000 0x4b400000 0x4b400000 0x4b400000))
    (local.set $c_127 (v128.const i32x4 127 127 127 127))
    (block $done
      (loop $blocks
        (br_if $done (i32.eqz (local.get $vecs)))
        (local.set $block (select (i32.const 64) (local.get $vecs) (i32.gt_u (local.get $vecs) (i32.const 64))))
        (local.set $vecs (i32.sub (local.get $vecs) (local.get $block)))
        (local.set $s (local.get $c_zero))
        (loop $elements
          (local.set $lv (v128.load (local.get $l)))
          (local.set $t (f32x4.pmax (f32x4.neg (f32x4.abs (local.get $lv))) (local.get $c_m87)))
          ;; n = round(t / ln 2) through the 1.5·2^23 trick: the sum's low mantissa bits hold n
          (local.set $n (f32x4.add (f32x4.mul (local.get $t) (local.get $c_log2e)) (local.get $c_magic)))
          (local.set $r (f32x4.sub (local.get $n) (local.get $c_magic)))
          (local.set $r (f32x4.sub (f32x4.sub (local.get $t) (f32x4.mul (local.get $r) (local.get $c_ln2hi))) (f32x4.mul (local.get $r) (local.get $c_ln2lo))))
          (local.set $p (f32x4.add (f32x4.mul (local.get $e0) (local.get $r)) (local.get $e1)))
          (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (local.get $e2)))
          (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (local.get $e3)))
          (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (local.get $e4)))
          (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (local.get $e5)))
          (local.set $p (f32x4.add (f32x4.add (f32x4.mul (f32x4.mul (local.get $p) (local.get $r)) (local.get $r)) (local.get $r)) (local.get $c_one)))
          ;; e^-|l| = p times 2^n, built in the exponent bits
          (local.set $e (f32x4.mul (local.get $p) (i32x4.shl (i32x4.add (i32x4.sub (local.get $n) (local.get $c_magic_bits)) (local.get $c_127)) (i32.const 23))))
          ;; log(y) for y = 1 + e in [1, 2]: y = 2^e·m0 with m0 in [0.5, 1)
          (local.set $lg (f32x4.add (local.get $e) (local.get $c_one)))
          (local.set $fe (i32x4.sub (i32x4.shr_u (local.get $lg) (i32.const 23)) (local.get $c_126)))
          (local.set $m (v128.or (v128.and (local.get $lg) (local.get $c_mant)) (local.get $c_half_bits)))
          ;; below √½: m = 2·m0 - 1 and e - 1 (the mask is -1 in those lanes), else m = m0 - 1
          (local.set $low (f32x4.lt (local.get $m) (local.get $c_sqrthalf)))
          (local.set $m (f32x4.add (f32x4.sub (local.get $m) (local.get $c_one)) (v128.and (local.get $m) (local.get $low))))
          (local.set $fe (f32x4.convert_i32x4_s (i32x4.add (local.get $fe) (local.get $low))))
          (local.set $z (f32x4.mul (local.get $m) (local.get $m)))
          (local.set $p (f32x4.add (f32x4.mul (local.get $l0) (local.get $m)) (local.get $l1)))
          (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $m)) (local.get $l2)))
          (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $m)) (local.get $l3)))
          (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $m)) (local.get $l4)))
          (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $m)) (local.get $l5)))
          (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $m)) (local.get $l6)))
          (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $m)) (local.get $l7)))
          (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $m)) (local.get $l8)))
          (local.set $p (f32x4.sub (f32x4.add (f32x4.mul (f32x4.mul (local.get $p) (local.get $m)) (local.get $z)) (f32x4.mul (local.get $fe) (local.get $c_ln2lo))) (f32x4.mul (local.get $z) (local.get $c_half))))
          (local.set $lg (f32x4.add (f32x4.add (local.get $m) (local.get $p)) (f32x4.mul (local.get $fe) (local.get $c_ln2hi))))
          (local.set $s
            (f32x4.add (local.get $s)
              (f32x4.add
                (f32x4.sub (f32x4.pmax (local.get $lv) (local.get $c_zero)) (f32x4.mul (v128.load (local.get $x)) (local.get $lv)))
                (local.get $lg))))
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
    (local $t v128) (local $n v128) (local $r v128) (local $p v128) (local $fe v128) (local $m v128) (local $low v128) (local $z v128)
    (local $c_zero v128) (local $c_one v128) (local $c_m87 v128) (local $c_log2e v128) (local $c_magic v128) (local $c_ln2hi v128) (local $c_ln2lo v128) (local $e0 v128) (local $e1 v128) (local $e2 v128) (local $e3 v128) (local $e4 v128) (local $e5 v128) (local $c_sqrthalf v128) (local $c_half v128) (local $l0 v128) (local $l1 v128) (local $l2 v128) (local $l3 v128) (local $l4 v128) (local $l5 v128) (local $l6 v128) (local $l7 v128) (local $l8 v128) (local $c_mant v128) (local $c_half_bits v128) (local $c_126 v128) (local $c_magic_bits v128) (local $c_127 v128)
    (local.set $c_zero (v128.const f32x4 0 0 0 0))
    (local.set $c_one (v128.const f32x4 1 1 1 1))
    (local.set $c_m87 (v128.const f32x4 -87 -87 -87 -87))
    (local.set $c_log2e (v128.const f32x4 1.44269504088896341 1.44269504088896341 1.44269504088896341 1.44269504088896341))
    (local.set $c_magic (v128.const f32x4 12582912 12582912 12582912 12582912))
    (local.set $c_ln2hi (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375))
    (local.set $c_ln2lo (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))
    (local.set $e0 (v128.const f32x4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4))
    (local.set $e1 (v128.const f32x4 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3))
    (local.set $e2 (v128.const f32x4 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3))
    (local.set $e3 (v128.const f32x4 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2))
    (local.set $e4 (v128.const f32x4 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1))
    (local.set $e5 (v128.const f32x4 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1))
    (local.set $c_sqrthalf (v128.const f32x4 0.707106781186547524 0.707106781186547524 0.707106781186547524 0.707106781186547524))
    (local.set $c_half (v128.const f32x4 0.5 0.5 0.5 0.5))
    (local.set $l0 (v128.const f32x4 7.0376836292e-2 7.0376836292e-2 7.0376836292e-2 7.0376836292e-2))
    (local.set $l1 (v128.const f32x4 -1.1514610310e-1 -1.1514610310e-1 -1.1514610310e-1 -1.1514610310e-1))
    (local.set $l2 (v128.const f32x4 1.1676998740e-1 1.1676998740e-1 1.1676998740e-1 1.1676998740e-1))
    (local.set $l3 (v128.const f32x4 -1.2420140846e-1 -1.2420140846e-1 -1.2420140846e-1 -1.2420140846e-1))
    (local.set $l4 (v128.const f32x4 1.4249322787e-1 1.4249322787e-1 1.4249322787e-1 1.4249322787e-1))
    (local.set $l5 (v128.const f32x4 -1.6668057665e-1 -1.6668057665e-1 -1.6668057665e-1 -1.6668057665e-1))
    (local.set $l6 (v128.const f32x4 2.0000714765e-1 2.0000714765e-1 2.0000714765e-1 2.0000714765e-1))
    (local.set $l7 (v128.const f32x4 -2.4999993993e-1 -2.4999993993e-1 -2.4999993993e-1 -2.4999993993e-1))
    (local.set $l8 (v128.const f32x4 3.3333331174e-1 3.3333331174e-1 3.3333331174e-1 3.3333331174e-1))
    (local.set $c_mant (v128.const i32x4 0x007fffff 0x007fffff 0x007fffff 0x007fffff))
    (local.set $c_half_bits (v128.const i32x4 0x3f000000 0x3f000000 0x3f000000 0x3f000000))
    (local.set $c_126 (v128.const i32x4 126 126 126 126))
    (local.set $c_magic_bits (v128.const i32x4 0x4b400000 0x4b400000 0x4b400000 0x4b400000))
    (local.set $c_127 (v128.const i32x4 127 127 127 127))
    (local.set $sv (f32x4.splat (local.get $scale)))
    (block $done
      (br_if $done (i32.eqz (local.get $vecs)))
      (loop $elements
        (local.set $lv (v128.load (local.get $l)))
        (local.set $t (f32x4.pmax (f32x4.neg (f32x4.abs (local.get $lv))) (local.get $c_m87)))
        ;; n = round(t / ln 2) through the 1.5·2^23 trick: the sum's low mantissa bits hold n
        (local.set $n (f32x4.add (f32x4.mul (local.get $t) (local.get $c_log2e)) (local.get $c_magic)))
        (local.set $r (f32x4.sub (local.get $n) (local.get $c_magic)))
        (local.set $r (f32x4.sub (f32x4.sub (local.get $t) (f32x4.mul (local.get $r) (local.get $c_ln2hi))) (f32x4.mul (local.get $r) (local.get $c_ln2lo))))
        (local.set $p (f32x4.add (f32x4.mul (local.get $e0) (local.get $r)) (local.get $e1)))
        (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (local.get $e2)))
        (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (local.get $e3)))
        (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (local.get $e4)))
        (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (local.get $e5)))
        (local.set $p (f32x4.add (f32x4.add (f32x4.mul (f32x4.mul (local.get $p) (local.get $r)) (local.get $r)) (local.get $r)) (local.get $c_one)))
        ;; times 2^n, built in the exponent bits
        (local.set $e (f32x4.mul (local.get $p) (i32x4.shl (i32x4.add (i32x4.sub (local.get $n) (local.get $c_magic_bits)) (local.get $c_127)) (i32.const 23))))
        (local.set $sigma
          (f32x4.div
            (v128.bitselect (local.get $c_one) (local.get $e) (f32x4.ge (local.get $lv) (local.get $c_zero)))
            (f32x4.add (local.get $c_one) (local.get $e))))
        (v128.store (local.get $gl) (f32x4.mul (f32x4.sub (local.get $sigma) (v128.load (local.get $x))) (local.get $sv)))
        (v128.store (local.get $gx) (f32x4.mul (f32x4.neg (local.get $lv)) (local.get $sv)))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $l (i32.add (local.get $l) (i32.const 16)))
        (local.set $gx (i32.add (local.get $gx) (i32.const 16)))
        (local.set $gl (i32.add (local.get $gl) (i32.const 16)))
        (br_if $elements (local.tee $vecs (i32.sub (local.get $vecs) (i32.const 1)))))))
)

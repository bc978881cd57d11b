;; The Gaussian kernel function over a block of inner products, in WASM SIMD: one exp per kernel matrix entry is
;; the largest elementwise cost of a KELM fit, and plain JS manages about one every 7 ns.
;;
;; gaussian(g, rows, cols, sqr, sqc, rate): for the row-major float32 block g (rows x cols, byte offset g) of inner
;; products a_r . b_j, with float64 squared norms |a_r|^2 at sqr and |b_j|^2 at sqc, replaces every entry by
;;   exp(min(0, rate (2 a_r . b_j - |a_r|^2 - |b_j|^2)))
;; computed in float64 and rounded to float32 (rounding can make a distance slightly negative: hence the min).
;; exp(x) = 2^k 2^f with x log2(e) = k + f, k an integer and |f| <= 1/2; 2^f is the degree-8 Taylor polynomial of
;; e^(f ln 2) (relative error below 1e-9), 2^k is built in the exponent bits, and x below -1022 ln 2 gives 0.
;;
;; Regenerate gaussian-wasm.ts after editing: pnpm --filter @aelab/tools build-wasm
(module
  (memory (export "memory") 1)

  (func $exp2 (param $t v128) (result v128)
    (local $k v128) (local $f v128) (local $p v128) (local $scale v128)
    (local.set $k (f64x2.nearest (local.get $t)))
    ;; f ln 2, in [-ln 2 / 2, ln 2 / 2]
    (local.set $f (f64x2.mul (f64x2.sub (local.get $t) (local.get $k)) (v128.const f64x2 0.6931471805599453 0.6931471805599453)))
    (local.set $p (v128.const f64x2 0.0000248015873015873 0.0000248015873015873))
    (local.set $p (f64x2.add (v128.const f64x2 0.0001984126984126984 0.0001984126984126984) (f64x2.mul (local.get $f) (local.get $p))))
    (local.set $p (f64x2.add (v128.const f64x2 0.001388888888888889 0.001388888888888889) (f64x2.mul (local.get $f) (local.get $p))))
    (local.set $p (f64x2.add (v128.const f64x2 0.008333333333333333 0.008333333333333333) (f64x2.mul (local.get $f) (local.get $p))))
    (local.set $p (f64x2.add (v128.const f64x2 0.041666666666666664 0.041666666666666664) (f64x2.mul (local.get $f) (local.get $p))))
    (local.set $p (f64x2.add (v128.const f64x2 0.16666666666666666 0.16666666666666666) (f64x2.mul (local.get $f) (local.get $p))))
    (local.set $p (f64x2.add (v128.const f64x2 0.5 0.5) (f64x2.mul (local.get $f) (local.get $p))))
    (local.set $p (f64x2.add (v128.const f64x2 1 1) (f64x2.mul (local.get $f) (local.get $p))))
    (local.set $p (f64x2.add (v128.const f64x2 1 1) (f64x2.mul (local.get $f) (local.get $p))))
    ;; 2^k from its exponent bits; k is clamped to -1022 first so the bits stay a normal number
    (local.set $scale
      (i64x2.shl
        (i64x2.add
          (i64x2.extend_low_i32x4_s
            (i32x4.trunc_sat_f64x2_s_zero (f64x2.max (local.get $k) (v128.const f64x2 -1022 -1022))))
          (v128.const i64x2 1023 1023))
        (i32.const 52)))
    ;; zero where t < -1022
    (v128.and
      (f64x2.mul (local.get $p) (local.get $scale))
      (f64x2.ge (local.get $t) (v128.const f64x2 -1022 -1022))))

  (func (export "gaussian")
    (param $g i32) (param $rows i32) (param $cols i32) (param $sqr i32) (param $sqc i32) (param $rate f64)
    (local $r i32) (local $j i32) (local $pg i32) (local $pc i32) (local $cols2 i32)
    (local $sr v128) (local $rate2 v128) (local $e v128) (local $x v128)
    (local.set $cols2 (i32.and (local.get $cols) (i32.const -2)))
    ;; rate log2(e), so the exponent comes out in base 2
    (local.set $rate2 (f64x2.splat (f64.mul (local.get $rate) (f64.const 1.4426950408889634))))
    (local.set $pg (local.get $g))
    (local.set $r (i32.const 0))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_s (local.get $r) (local.get $rows)))
        (local.set $sr (f64x2.splat (f64.load (i32.add (local.get $sqr) (i32.shl (local.get $r) (i32.const 3))))))
        (local.set $pc (local.get $sqc))
        (local.set $j (i32.const 0))
        (block $cols_done
          (loop $js
            (br_if $cols_done (i32.ge_s (local.get $j) (local.get $cols2)))
            (local.set $x (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $pg))))
            ;; rate log2(e) (2 g - |a|^2 - |b|^2), at most 0
            (local.set $e
              (f64x2.min
                (f64x2.mul (local.get $rate2)
                  (f64x2.sub (f64x2.sub (f64x2.add (local.get $x) (local.get $x)) (local.get $sr)) (v128.load (local.get $pc))))
                (v128.const f64x2 0 0)))
            (v128.store64_lane 0 (local.get $pg) (f32x4.demote_f64x2_zero (call $exp2 (local.get $e))))
            (local.set $pg (i32.add (local.get $pg) (i32.const 8)))
            (local.set $pc (i32.add (local.get $pc) (i32.const 16)))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $js)))
        ;; an odd last column, through lane 0 of the same code
        (if (i32.lt_s (local.get $cols2) (local.get $cols))
          (then
            (local.set $x (f64x2.splat (f64.promote_f32 (f32.load (local.get $pg)))))
            (local.set $e
              (f64x2.min
                (f64x2.mul (local.get $rate2)
                  (f64x2.sub (f64x2.sub (f64x2.add (local.get $x) (local.get $x)) (local.get $sr)) (f64x2.splat (f64.load (local.get $pc)))))
                (v128.const f64x2 0 0)))
            (f32.store (local.get $pg) (f32x4.extract_lane 0 (f32x4.demote_f64x2_zero (call $exp2 (local.get $e)))))
            (local.set $pg (i32.add (local.get $pg) (i32.const 4)))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows)))))

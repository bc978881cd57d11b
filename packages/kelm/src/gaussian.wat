;; The Gaussian kernel function over a block of inner products, in WASM SIMD: one exp per kernel matrix entry is
;; the largest elementwise cost of a KELM fit, and plain JS manages about one every 7 ns.
;;
;; gaussian(g, rows, cols, sqr, sqc, rate): for the row-major float32 block g (rows x cols, byte offset g) of inner
;; products a_r . b_j, with float64 squared norms |a_r|^2 at sqr and |b_j|^2 at sqc, replaces every entry by
;;   exp(min(0, rate (2 a_r . b_j - |a_r|^2 - |b_j|^2)))
;; computed in float64 and rounded to float32 (rounding can make a distance slightly negative: hence the min).
;; exp(x) = 2^k 2^f with x log2(e) = k + f, k an integer and |f| <= 1/2; 2^f is the degree-7 Taylor polynomial of
;; e^(f ln 2) (relative error below 1e-8, well inside float32 rounding), and x below -1022 ln 2 gives 0. 2^k is built
;; in the exponent bits: k + 1023 + 2^52 is a double whose low mantissa bits hold the integer k + 1023, and shifting
;; its bits left by 52 moves them into the exponent field. Four entries go through each pass as two independent float64 pairs, so the two
;; polynomial chains overlap: each step of one chain waits on the previous multiply-add.
;;
;; Regenerate gaussian-wasm.ts after editing: pnpm --filter @aelab/tools build-wasm
(module
  (memory (export "memory") 1)
  (func (export "gaussian")
    (param $g i32) (param $rows i32) (param $cols i32) (param $sqr i32) (param $sqc i32) (param $rate f64)
    (local $r i32) (local $j i32) (local $pg i32) (local $pc i32) (local $cols4 i32)
    (local $sr v128) (local $rate2 v128)
    (local $ga v128) (local $ea v128) (local $ka v128) (local $fa v128) (local $pa v128)
    (local $gb v128) (local $eb v128) (local $kb v128) (local $fb v128) (local $pb v128)
    (local.set $cols4 (i32.and (local.get $cols) (i32.const -4)))
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
        (block $quads_done
          (loop $quads
            (br_if $quads_done (i32.ge_s (local.get $j) (local.get $cols4)))
            ;; entries j..j+3: two pairs, a and b
            (local.set $ga (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $pg))))
            (local.set $gb (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $pg))))
            ;; rate log2(e) (2 g - |a|^2 - |b|^2), at most 0
            (local.set $ea
              (f64x2.pmin
                (f64x2.mul (local.get $rate2) (f64x2.sub (f64x2.sub (f64x2.add (local.get $ga) (local.get $ga)) (local.get $sr)) (v128.load (local.get $pc))))
                (v128.const f64x2 0 0)))
            (local.set $eb
              (f64x2.pmin
                (f64x2.mul (local.get $rate2) (f64x2.sub (f64x2.sub (f64x2.add (local.get $gb) (local.get $gb)) (local.get $sr)) (v128.load offset=16 (local.get $pc))))
                (v128.const f64x2 0 0)))
            (local.set $ka (f64x2.nearest (local.get $ea)))
            (local.set $fa (f64x2.mul (f64x2.sub (local.get $ea) (local.get $ka)) (v128.const f64x2 0.6931471805599453 0.6931471805599453)))
            (local.set $kb (f64x2.nearest (local.get $eb)))
            (local.set $fb (f64x2.mul (f64x2.sub (local.get $eb) (local.get $kb)) (v128.const f64x2 0.6931471805599453 0.6931471805599453)))
            (local.set $pa (f64x2.add (v128.const f64x2 0.001388888888888889 0.001388888888888889) (f64x2.mul (local.get $fa) (v128.const f64x2 0.0001984126984126984 0.0001984126984126984))))
            (local.set $pb (f64x2.add (v128.const f64x2 0.001388888888888889 0.001388888888888889) (f64x2.mul (local.get $fb) (v128.const f64x2 0.0001984126984126984 0.0001984126984126984))))
            (local.set $pa (f64x2.add (v128.const f64x2 0.008333333333333333 0.008333333333333333) (f64x2.mul (local.get $fa) (local.get $pa))))
            (local.set $pb (f64x2.add (v128.const f64x2 0.008333333333333333 0.008333333333333333) (f64x2.mul (local.get $fb) (local.get $pb))))
            (local.set $pa (f64x2.add (v128.const f64x2 0.041666666666666664 0.041666666666666664) (f64x2.mul (local.get $fa) (local.get $pa))))
            (local.set $pb (f64x2.add (v128.const f64x2 0.041666666666666664 0.041666666666666664) (f64x2.mul (local.get $fb) (local.get $pb))))
            (local.set $pa (f64x2.add (v128.const f64x2 0.16666666666666666 0.16666666666666666) (f64x2.mul (local.get $fa) (local.get $pa))))
            (local.set $pb (f64x2.add (v128.const f64x2 0.16666666666666666 0.16666666666666666) (f64x2.mul (local.get $fb) (local.get $pb))))
            (local.set $pa (f64x2.add (v128.const f64x2 0.5 0.5) (f64x2.mul (local.get $fa) (local.get $pa))))
            (local.set $pb (f64x2.add (v128.const f64x2 0.5 0.5) (f64x2.mul (local.get $fb) (local.get $pb))))
            (local.set $pa (f64x2.add (v128.const f64x2 1 1) (f64x2.mul (local.get $fa) (local.get $pa))))
            (local.set $pb (f64x2.add (v128.const f64x2 1 1) (f64x2.mul (local.get $fb) (local.get $pb))))
            (local.set $pa (f64x2.add (v128.const f64x2 1 1) (f64x2.mul (local.get $fa) (local.get $pa))))
            (local.set $pb (f64x2.add (v128.const f64x2 1 1) (f64x2.mul (local.get $fb) (local.get $pb))))
            ;; times 2^k (k clamped to -1022 to stay a normal number); 0 where the exponent is below -1022
            (local.set $pa
              (v128.and
                (f64x2.mul (local.get $pa)
                  (i64x2.shl
                    (f64x2.add (f64x2.pmax (local.get $ka) (v128.const f64x2 -1022.0 -1022.0)) (v128.const f64x2 4503599627371519 4503599627371519))
                    (i32.const 52)))
                (f64x2.ge (local.get $ea) (v128.const f64x2 -1022.0 -1022.0))))
            (local.set $pb
              (v128.and
                (f64x2.mul (local.get $pb)
                  (i64x2.shl
                    (f64x2.add (f64x2.pmax (local.get $kb) (v128.const f64x2 -1022.0 -1022.0)) (v128.const f64x2 4503599627371519 4503599627371519))
                    (i32.const 52)))
                (f64x2.ge (local.get $eb) (v128.const f64x2 -1022.0 -1022.0))))
            (v128.store64_lane 0 (local.get $pg) (f32x4.demote_f64x2_zero (local.get $pa)))
            (v128.store64_lane offset=8 0 (local.get $pg) (f32x4.demote_f64x2_zero (local.get $pb)))
            (local.set $pg (i32.add (local.get $pg) (i32.const 16)))
            (local.set $pc (i32.add (local.get $pc) (i32.const 32)))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $quads)))
        (block $rest_done
          (loop $rest
            (br_if $rest_done (i32.ge_s (local.get $j) (local.get $cols)))
            ;; one entry at a time, through lane 0 of pair a
            (local.set $ga (f64x2.splat (f64.promote_f32 (f32.load (local.get $pg)))))
            (local.set $ea
              (f64x2.pmin
                (f64x2.mul (local.get $rate2) (f64x2.sub (f64x2.sub (f64x2.add (local.get $ga) (local.get $ga)) (local.get $sr)) (f64x2.splat (f64.load (local.get $pc)))))
                (v128.const f64x2 0 0)))
            (local.set $ka (f64x2.nearest (local.get $ea)))
            (local.set $fa (f64x2.mul (f64x2.sub (local.get $ea) (local.get $ka)) (v128.const f64x2 0.6931471805599453 0.6931471805599453)))
            (local.set $pa (f64x2.add (v128.const f64x2 0.001388888888888889 0.001388888888888889) (f64x2.mul (local.get $fa) (v128.const f64x2 0.0001984126984126984 0.0001984126984126984))))
            (local.set $pa (f64x2.add (v128.const f64x2 0.008333333333333333 0.008333333333333333) (f64x2.mul (local.get $fa) (local.get $pa))))
            (local.set $pa (f64x2.add (v128.const f64x2 0.041666666666666664 0.041666666666666664) (f64x2.mul (local.get $fa) (local.get $pa))))
            (local.set $pa (f64x2.add (v128.const f64x2 0.16666666666666666 0.16666666666666666) (f64x2.mul (local.get $fa) (local.get $pa))))
            (local.set $pa (f64x2.add (v128.const f64x2 0.5 0.5) (f64x2.mul (local.get $fa) (local.get $pa))))
            (local.set $pa (f64x2.add (v128.const f64x2 1 1) (f64x2.mul (local.get $fa) (local.get $pa))))
            (local.set $pa (f64x2.add (v128.const f64x2 1 1) (f64x2.mul (local.get $fa) (local.get $pa))))
            (local.set $pa
              (v128.and
                (f64x2.mul (local.get $pa)
                  (i64x2.shl
                    (f64x2.add (f64x2.pmax (local.get $ka) (v128.const f64x2 -1022.0 -1022.0)) (v128.const f64x2 4503599627371519 4503599627371519))
                    (i32.const 52)))
                (f64x2.ge (local.get $ea) (v128.const f64x2 -1022.0 -1022.0))))
            (f32.store (local.get $pg) (f32x4.extract_lane 0 (f32x4.demote_f64x2_zero (local.get $pa))))
            (local.set $pg (i32.add (local.get $pg) (i32.const 4)))
            (local.set $pc (i32.add (local.get $pc) (i32.const 8)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $rest)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows)))))


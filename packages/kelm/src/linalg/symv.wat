;; Float64 product with the off-diagonal rows of one lower block column of a symmetric float32 matrix, in WASM
;; SIMD: the refinement's residuals need float64 sums, and plain JS tops out near one multiply-add per cycle.
;;
;; rows(col, w, s, n, c, r0, r1, x, y): for rows r0..r1-1 (r1 - r0 even) of the block column at byte offset col
;; (row-major float32, w entries a row; row r is matrix row s + r, entry j is matrix column s + j), and every
;; right-hand side q < c of x and y (float64, stored transposed: q * n + i):
;;   y[q, s + r] += sum_j a[r, j] x[q, s + j]        (the row)
;;   y[q, s + j] += a[r, j] x[q, s + r]              (its mirror image above the diagonal)
;; Rows go in pairs and right-hand sides in pairs, so each loaded matrix entry serves two right-hand sides and
;; each loaded x and y serves two rows; an odd last right-hand side goes alone, and an odd last entry of a row
;; (only the last block column can have odd w) is done in scalar code.
;;
;; Regenerate symv-wasm.ts after editing: pnpm --filter @aelab/tools build-wasm
(module
  (memory (export "memory") 1)
  (func (export "rows")
    (param $col i32) (param $w i32) (param $s i32) (param $n i32) (param $c i32)
    (param $r0 i32) (param $r1 i32) (param $x i32) (param $y i32)
    (local $r i32) (local $q i32) (local $w2 i32) (local $wa i32) (local $ja i32) (local $jb i32)
    (local $a0 i32) (local $a1 i32) (local $py i32) (local $xqa i32) (local $yqa i32) (local $xqb i32) (local $yqb i32)
    (local $t0 f64) (local $t1 f64) (local $vs f64) (local $us f64) (local $ps f64)
    (local $v v128) (local $u v128) (local $p v128)
    (local $x0a v128) (local $x1a v128) (local $acc0a v128) (local $acc1a v128)
    (local $x0b v128) (local $x1b v128) (local $acc0b v128) (local $acc1b v128)
    ;; w2: entries done two at a time; wa: the same in bytes of float32
    (local.set $w2 (i32.and (local.get $w) (i32.const -2)))
    (local.set $wa (i32.shl (local.get $w2) (i32.const 2)))
    (local.set $r (local.get $r0))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_s (local.get $r) (local.get $r1)))
        ;; byte offsets of rows r and r + 1 of the block column
        (local.set $a0 (i32.add (local.get $col) (i32.shl (i32.mul (local.get $r) (local.get $w)) (i32.const 2))))
        (local.set $a1 (i32.add (local.get $a0) (i32.shl (local.get $w) (i32.const 2))))
        (local.set $q (i32.const 0))
        ;; right-hand sides q and q + 1 together
        (block $pairs_done
          (loop $pairs
            (br_if $pairs_done (i32.gt_s (i32.add (local.get $q) (i32.const 2)) (local.get $c)))
            (local.set $xqa (i32.add (local.get $x) (i32.shl (i32.add (i32.mul (local.get $q) (local.get $n)) (local.get $s)) (i32.const 3))))
            (local.set $yqa (i32.add (local.get $y) (i32.shl (i32.add (i32.mul (local.get $q) (local.get $n)) (local.get $s)) (i32.const 3))))
            (local.set $x0a (f64x2.splat (f64.load (i32.add (local.get $xqa) (i32.shl (local.get $r) (i32.const 3))))))
            (local.set $x1a (f64x2.splat (f64.load offset=8 (i32.add (local.get $xqa) (i32.shl (local.get $r) (i32.const 3))))))
            (local.set $acc0a (v128.const i64x2 0 0))
            (local.set $acc1a (v128.const i64x2 0 0))
            (local.set $xqb (i32.add (local.get $x) (i32.shl (i32.add (i32.mul (i32.add (local.get $q) (i32.const 1)) (local.get $n)) (local.get $s)) (i32.const 3))))
            (local.set $yqb (i32.add (local.get $y) (i32.shl (i32.add (i32.mul (i32.add (local.get $q) (i32.const 1)) (local.get $n)) (local.get $s)) (i32.const 3))))
            (local.set $x0b (f64x2.splat (f64.load (i32.add (local.get $xqb) (i32.shl (local.get $r) (i32.const 3))))))
            (local.set $x1b (f64x2.splat (f64.load offset=8 (i32.add (local.get $xqb) (i32.shl (local.get $r) (i32.const 3))))))
            (local.set $acc0b (v128.const i64x2 0 0))
            (local.set $acc1b (v128.const i64x2 0 0))
            (local.set $jb (i32.const 0))
            (local.set $ja (i32.const 0))
            (block $j_done
              (loop $js
                (br_if $j_done (i32.ge_s (local.get $ja) (local.get $wa)))
                (local.set $v (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $a0) (local.get $ja)))))
                (local.set $u (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $a1) (local.get $ja)))))
                (local.set $p (v128.load (i32.add (local.get $xqa) (local.get $jb))))
                (local.set $acc0a (f64x2.add (local.get $acc0a) (f64x2.mul (local.get $v) (local.get $p))))
                (local.set $acc1a (f64x2.add (local.get $acc1a) (f64x2.mul (local.get $u) (local.get $p))))
                (local.set $py (i32.add (local.get $yqa) (local.get $jb)))
                (v128.store (local.get $py) (f64x2.add (v128.load (local.get $py)) (f64x2.add (f64x2.mul (local.get $v) (local.get $x0a)) (f64x2.mul (local.get $u) (local.get $x1a)))))
                (local.set $p (v128.load (i32.add (local.get $xqb) (local.get $jb))))
                (local.set $acc0b (f64x2.add (local.get $acc0b) (f64x2.mul (local.get $v) (local.get $p))))
                (local.set $acc1b (f64x2.add (local.get $acc1b) (f64x2.mul (local.get $u) (local.get $p))))
                (local.set $py (i32.add (local.get $yqb) (local.get $jb)))
                (v128.store (local.get $py) (f64x2.add (v128.load (local.get $py)) (f64x2.add (f64x2.mul (local.get $v) (local.get $x0b)) (f64x2.mul (local.get $u) (local.get $x1b)))))
                (local.set $ja (i32.add (local.get $ja) (i32.const 8)))
                (local.set $jb (i32.add (local.get $jb) (i32.const 16)))
                (br $js)))
            (if (i32.lt_s (local.get $w2) (local.get $w))
              (then
                (local.set $vs (f64.promote_f32 (f32.load (i32.add (local.get $a0) (local.get $ja)))))
                (local.set $us (f64.promote_f32 (f32.load (i32.add (local.get $a1) (local.get $ja)))))))
            (local.set $t0 (f64.add (f64x2.extract_lane 0 (local.get $acc0a)) (f64x2.extract_lane 1 (local.get $acc0a))))
            (local.set $t1 (f64.add (f64x2.extract_lane 0 (local.get $acc1a)) (f64x2.extract_lane 1 (local.get $acc1a))))
            (if (i32.lt_s (local.get $w2) (local.get $w))
              (then
                (local.set $ps (f64.load (i32.add (local.get $xqa) (local.get $jb))))
                (local.set $t0 (f64.add (local.get $t0) (f64.mul (local.get $vs) (local.get $ps))))
                (local.set $t1 (f64.add (local.get $t1) (f64.mul (local.get $us) (local.get $ps))))
                (local.set $py (i32.add (local.get $yqa) (local.get $jb)))
                (f64.store (local.get $py) (f64.add (f64.load (local.get $py))
                    (f64.add (f64.mul (local.get $vs) (f64x2.extract_lane 0 (local.get $x0a))) (f64.mul (local.get $us) (f64x2.extract_lane 0 (local.get $x1a))))))))
            (local.set $py (i32.add (local.get $yqa) (i32.shl (local.get $r) (i32.const 3))))
            (f64.store (local.get $py) (f64.add (f64.load (local.get $py)) (local.get $t0)))
            (f64.store offset=8 (local.get $py) (f64.add (f64.load offset=8 (local.get $py)) (local.get $t1)))
            (local.set $t0 (f64.add (f64x2.extract_lane 0 (local.get $acc0b)) (f64x2.extract_lane 1 (local.get $acc0b))))
            (local.set $t1 (f64.add (f64x2.extract_lane 0 (local.get $acc1b)) (f64x2.extract_lane 1 (local.get $acc1b))))
            (if (i32.lt_s (local.get $w2) (local.get $w))
              (then
                (local.set $ps (f64.load (i32.add (local.get $xqb) (local.get $jb))))
                (local.set $t0 (f64.add (local.get $t0) (f64.mul (local.get $vs) (local.get $ps))))
                (local.set $t1 (f64.add (local.get $t1) (f64.mul (local.get $us) (local.get $ps))))
                (local.set $py (i32.add (local.get $yqb) (local.get $jb)))
                (f64.store (local.get $py) (f64.add (f64.load (local.get $py))
                    (f64.add (f64.mul (local.get $vs) (f64x2.extract_lane 0 (local.get $x0b))) (f64.mul (local.get $us) (f64x2.extract_lane 0 (local.get $x1b))))))))
            (local.set $py (i32.add (local.get $yqb) (i32.shl (local.get $r) (i32.const 3))))
            (f64.store (local.get $py) (f64.add (f64.load (local.get $py)) (local.get $t0)))
            (f64.store offset=8 (local.get $py) (f64.add (f64.load offset=8 (local.get $py)) (local.get $t1)))
            (local.set $q (i32.add (local.get $q) (i32.const 2)))
            (br $pairs)))
        ;; an odd last right-hand side
        (if (i32.lt_s (local.get $q) (local.get $c))
          (then
            (local.set $xqa (i32.add (local.get $x) (i32.shl (i32.add (i32.mul (local.get $q) (local.get $n)) (local.get $s)) (i32.const 3))))
            (local.set $yqa (i32.add (local.get $y) (i32.shl (i32.add (i32.mul (local.get $q) (local.get $n)) (local.get $s)) (i32.const 3))))
            (local.set $x0a (f64x2.splat (f64.load (i32.add (local.get $xqa) (i32.shl (local.get $r) (i32.const 3))))))
            (local.set $x1a (f64x2.splat (f64.load offset=8 (i32.add (local.get $xqa) (i32.shl (local.get $r) (i32.const 3))))))
            (local.set $acc0a (v128.const i64x2 0 0))
            (local.set $acc1a (v128.const i64x2 0 0))
            (local.set $jb (i32.const 0))
            (local.set $ja (i32.const 0))
            (block $j_done
              (loop $js
                (br_if $j_done (i32.ge_s (local.get $ja) (local.get $wa)))
                (local.set $v (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $a0) (local.get $ja)))))
                (local.set $u (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $a1) (local.get $ja)))))
                (local.set $p (v128.load (i32.add (local.get $xqa) (local.get $jb))))
                (local.set $acc0a (f64x2.add (local.get $acc0a) (f64x2.mul (local.get $v) (local.get $p))))
                (local.set $acc1a (f64x2.add (local.get $acc1a) (f64x2.mul (local.get $u) (local.get $p))))
                (local.set $py (i32.add (local.get $yqa) (local.get $jb)))
                (v128.store (local.get $py) (f64x2.add (v128.load (local.get $py)) (f64x2.add (f64x2.mul (local.get $v) (local.get $x0a)) (f64x2.mul (local.get $u) (local.get $x1a)))))
                (local.set $ja (i32.add (local.get $ja) (i32.const 8)))
                (local.set $jb (i32.add (local.get $jb) (i32.const 16)))
                (br $js)))
            (if (i32.lt_s (local.get $w2) (local.get $w))
              (then
                (local.set $vs (f64.promote_f32 (f32.load (i32.add (local.get $a0) (local.get $ja)))))
                (local.set $us (f64.promote_f32 (f32.load (i32.add (local.get $a1) (local.get $ja)))))))
            (local.set $t0 (f64.add (f64x2.extract_lane 0 (local.get $acc0a)) (f64x2.extract_lane 1 (local.get $acc0a))))
            (local.set $t1 (f64.add (f64x2.extract_lane 0 (local.get $acc1a)) (f64x2.extract_lane 1 (local.get $acc1a))))
            (if (i32.lt_s (local.get $w2) (local.get $w))
              (then
                (local.set $ps (f64.load (i32.add (local.get $xqa) (local.get $jb))))
                (local.set $t0 (f64.add (local.get $t0) (f64.mul (local.get $vs) (local.get $ps))))
                (local.set $t1 (f64.add (local.get $t1) (f64.mul (local.get $us) (local.get $ps))))
                (local.set $py (i32.add (local.get $yqa) (local.get $jb)))
                (f64.store (local.get $py) (f64.add (f64.load (local.get $py))
                    (f64.add (f64.mul (local.get $vs) (f64x2.extract_lane 0 (local.get $x0a))) (f64.mul (local.get $us) (f64x2.extract_lane 0 (local.get $x1a))))))))
            (local.set $py (i32.add (local.get $yqa) (i32.shl (local.get $r) (i32.const 3))))
            (f64.store (local.get $py) (f64.add (f64.load (local.get $py)) (local.get $t0)))
            (f64.store offset=8 (local.get $py) (f64.add (f64.load offset=8 (local.get $py)) (local.get $t1)))))
        (local.set $r (i32.add (local.get $r) (i32.const 2)))
        (br $rows)))))

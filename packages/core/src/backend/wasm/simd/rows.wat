;; Bias additions and bias gradients in WASM SIMD on tfjs-backend-wasm's heap (the module imports its memory; pointers
;; are byte offsets). A conv layer's bias add is x[b, y, x, c] + bias[c] and its gradient the column sums of dy seen
;; as [pixels, c]; tfjs-backend-wasm broadcasts the first through a general N-d loop and reduces the second after
;; transposing the summed axes innermost. Both run here as rows of `width` floats (width a multiple of 4; the caller
;; picks width = lcm(c, 4) and tiles the bias to it, so 3 channels work as rows of 12).
;;
;; Regenerate rows-wasm.ts after editing: pnpm --filter @aelab/tools build-wasm
(module
  (import "env" "memory" (memory 1))

  ;; add_rows(src, bias, dst, rows, vecs): dst[r, k] = src[r, k] + bias[k] for rows of vecs·4 floats (rows >= 1).
  (func (export "add_rows") (param $src i32) (param $bias i32) (param $dst i32) (param $rows i32) (param $vecs i32)
    (local $k i32) (local $b i32)
    (loop $rows
      (local.set $b (local.get $bias))
      (local.set $k (local.get $vecs))
      (loop $vecs
        (v128.store (local.get $dst) (f32x4.add (v128.load (local.get $src)) (v128.load (local.get $b))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (br_if $vecs (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
      (br_if $rows (local.tee $rows (i32.sub (local.get $rows) (i32.const 1))))))

  ;; fold(tmp, acc, vecs): acc[k] += tmp[k] for vecs·4 float32 sums at tmp into float64 sums at acc; tmp is zeroed.
  (func $fold (param $tmp i32) (param $acc i32) (param $vecs i32)
    (local $s v128)
    (loop $vecs
      (local.set $s (v128.load (local.get $tmp)))
      (v128.store (local.get $acc) (f64x2.add (v128.load (local.get $acc)) (f64x2.promote_low_f32x4 (local.get $s))))
      (v128.store offset=16 (local.get $acc)
        (f64x2.add (v128.load offset=16 (local.get $acc)) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $s) (local.get $s)))))
      (v128.store (local.get $tmp) (v128.const i32x4 0 0 0 0))
      (local.set $tmp (i32.add (local.get $tmp) (i32.const 16)))
      (local.set $acc (i32.add (local.get $acc) (i32.const 32)))
      (br_if $vecs (local.tee $vecs (i32.sub (local.get $vecs) (i32.const 1))))))

  ;; col_sums(src, rows, vecs, tmp, acc): acc[k] += sum over r of src[r, k] for rows of vecs·4 floats (rows >= 1):
  ;; blocks of 16 rows are summed in float32, in row order, and each block's sums are added to the float64 sums at acc
  ;; (vecs·4 doubles), so long columns do not drift. tmp: vecs·4 zeroed floats of scratch. Rows of 1, 3 or 4 vectors
  ;; (widths 4, 12 and 16: 1, 2, 3, 4 or 16 channels) keep their block sums in registers.
  (func (export "col_sums") (param $src i32) (param $rows i32) (param $vecs i32) (param $tmp i32) (param $acc i32)
    (local $n i32) (local $k i32) (local $a i32) (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (loop $blocks
      (local.set $n (select (i32.const 16) (local.get $rows) (i32.gt_u (local.get $rows) (i32.const 16))))
      (local.set $rows (i32.sub (local.get $rows) (local.get $n)))
      (block $summed
        (if (i32.eq (local.get $vecs) (i32.const 1))
          (then
            (local.set $s0 (v128.const i32x4 0 0 0 0))
            (loop $rows1
              (local.set $s0 (f32x4.add (local.get $s0) (v128.load (local.get $src))))
              (local.set $src (i32.add (local.get $src) (i32.const 16)))
              (br_if $rows1 (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (v128.store (local.get $tmp) (local.get $s0))
            (br $summed)))
        (if (i32.eq (local.get $vecs) (i32.const 3))
          (then
            (local.set $s0 (v128.const i32x4 0 0 0 0))
            (local.set $s1 (v128.const i32x4 0 0 0 0))
            (local.set $s2 (v128.const i32x4 0 0 0 0))
            (loop $rows3
              (local.set $s0 (f32x4.add (local.get $s0) (v128.load (local.get $src))))
              (local.set $s1 (f32x4.add (local.get $s1) (v128.load offset=16 (local.get $src))))
              (local.set $s2 (f32x4.add (local.get $s2) (v128.load offset=32 (local.get $src))))
              (local.set $src (i32.add (local.get $src) (i32.const 48)))
              (br_if $rows3 (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (v128.store (local.get $tmp) (local.get $s0))
            (v128.store offset=16 (local.get $tmp) (local.get $s1))
            (v128.store offset=32 (local.get $tmp) (local.get $s2))
            (br $summed)))
        (if (i32.eq (local.get $vecs) (i32.const 4))
          (then
            (local.set $s0 (v128.const i32x4 0 0 0 0))
            (local.set $s1 (v128.const i32x4 0 0 0 0))
            (local.set $s2 (v128.const i32x4 0 0 0 0))
            (local.set $s3 (v128.const i32x4 0 0 0 0))
            (loop $rows4
              (local.set $s0 (f32x4.add (local.get $s0) (v128.load (local.get $src))))
              (local.set $s1 (f32x4.add (local.get $s1) (v128.load offset=16 (local.get $src))))
              (local.set $s2 (f32x4.add (local.get $s2) (v128.load offset=32 (local.get $src))))
              (local.set $s3 (f32x4.add (local.get $s3) (v128.load offset=48 (local.get $src))))
              (local.set $src (i32.add (local.get $src) (i32.const 64)))
              (br_if $rows4 (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (v128.store (local.get $tmp) (local.get $s0))
            (v128.store offset=16 (local.get $tmp) (local.get $s1))
            (v128.store offset=32 (local.get $tmp) (local.get $s2))
            (v128.store offset=48 (local.get $tmp) (local.get $s3))
            (br $summed)))
        ;; any width: the block sums live in tmp
        (loop $rowsk
          (local.set $a (local.get $tmp))
          (local.set $k (local.get $vecs))
          (loop $vecsk
            (v128.store (local.get $a) (f32x4.add (v128.load (local.get $a)) (v128.load (local.get $src))))
            (local.set $src (i32.add (local.get $src) (i32.const 16)))
            (local.set $a (i32.add (local.get $a) (i32.const 16)))
            (br_if $vecsk (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
          (br_if $rowsk (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
      (call $fold (local.get $tmp) (local.get $acc) (local.get $vecs))
      (br_if $blocks (local.get $rows))))
)

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

  ;; col_sums(src, rows, vecs, acc): acc[k] += sum over r of src[r, k] for rows of vecs·4 floats (rows >= 1), summed
  ;; in row order. Rows of 1, 3 or 4 vectors (1, 2, 4, 3 or 16 channels) keep their sums in registers; other widths go
  ;; through acc in memory.
  (func (export "col_sums") (param $src i32) (param $rows i32) (param $vecs i32) (param $acc i32)
    (local $k i32) (local $a i32) (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (if (i32.eq (local.get $vecs) (i32.const 1))
      (then
        (local.set $s0 (v128.load (local.get $acc)))
        (loop $rows1
          (local.set $s0 (f32x4.add (local.get $s0) (v128.load (local.get $src))))
          (local.set $src (i32.add (local.get $src) (i32.const 16)))
          (br_if $rows1 (local.tee $rows (i32.sub (local.get $rows) (i32.const 1)))))
        (v128.store (local.get $acc) (local.get $s0))
        (return)))
    (if (i32.eq (local.get $vecs) (i32.const 3))
      (then
        (local.set $s0 (v128.load (local.get $acc)))
        (local.set $s1 (v128.load offset=16 (local.get $acc)))
        (local.set $s2 (v128.load offset=32 (local.get $acc)))
        (loop $rows3
          (local.set $s0 (f32x4.add (local.get $s0) (v128.load (local.get $src))))
          (local.set $s1 (f32x4.add (local.get $s1) (v128.load offset=16 (local.get $src))))
          (local.set $s2 (f32x4.add (local.get $s2) (v128.load offset=32 (local.get $src))))
          (local.set $src (i32.add (local.get $src) (i32.const 48)))
          (br_if $rows3 (local.tee $rows (i32.sub (local.get $rows) (i32.const 1)))))
        (v128.store (local.get $acc) (local.get $s0))
        (v128.store offset=16 (local.get $acc) (local.get $s1))
        (v128.store offset=32 (local.get $acc) (local.get $s2))
        (return)))
    (if (i32.eq (local.get $vecs) (i32.const 4))
      (then
        (local.set $s0 (v128.load (local.get $acc)))
        (local.set $s1 (v128.load offset=16 (local.get $acc)))
        (local.set $s2 (v128.load offset=32 (local.get $acc)))
        (local.set $s3 (v128.load offset=48 (local.get $acc)))
        (loop $rows4
          (local.set $s0 (f32x4.add (local.get $s0) (v128.load (local.get $src))))
          (local.set $s1 (f32x4.add (local.get $s1) (v128.load offset=16 (local.get $src))))
          (local.set $s2 (f32x4.add (local.get $s2) (v128.load offset=32 (local.get $src))))
          (local.set $s3 (f32x4.add (local.get $s3) (v128.load offset=48 (local.get $src))))
          (local.set $src (i32.add (local.get $src) (i32.const 64)))
          (br_if $rows4 (local.tee $rows (i32.sub (local.get $rows) (i32.const 1)))))
        (v128.store (local.get $acc) (local.get $s0))
        (v128.store offset=16 (local.get $acc) (local.get $s1))
        (v128.store offset=32 (local.get $acc) (local.get $s2))
        (v128.store offset=48 (local.get $acc) (local.get $s3))
        (return)))
    ;; any width: the sums live in acc
    (loop $rows
      (local.set $a (local.get $acc))
      (local.set $k (local.get $vecs))
      (loop $vecs
        (v128.store (local.get $a) (f32x4.add (v128.load (local.get $a)) (v128.load (local.get $src))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (br_if $vecs (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
      (br_if $rows (local.tee $rows (i32.sub (local.get $rows) (i32.const 1))))))
)

;; Convolutions, their gradients and max-pool gradients in WASM SIMD, working in place on tfjs-backend-wasm's heap (the
;; module imports the backend's memory; every pointer below is a byte offset into it). The conv autoencoders have a
;; handful of channels per layer (3 -> 16 -> 4 and back), where im2col + XNNPACK's GEMM spends its time packing and
;; copying rather than multiplying: these loops read the NHWC tensors where they are and keep a few f32x4 sums in
;; registers.
;;
;; Geometry is passed as byte strides so that padding, strides and dilations all reduce to pointer arithmetic:
;; inputs are given padded (the caller copies them into a zero border when the padding is not zero), so no tap is
;; ever out of bounds. One call handles one sample; the caller loops over the batch.
;;
;; Regenerate conv-wasm.ts after editing: pnpm --filter @aelab/tools build-wasm
(module
  (import "env" "memory" (memory 1))

  ;; filter_grad_1x4: dw[i, j, c, o] += sum over (y, x) of x[y·sh + i·dh, x·sw + j·dw, c] · dy[y, x, o], sixteen
  ;; filters at a time (o a multiple of 16), one input channel at a time (any c).
  ;;   x: the padded sample at its origin; dy: the sample's [oh, ow, o] gradient; dw: [fh, fw, c, o] sums.
  ;;   ys/xs: bytes between output rows/columns in x (stride times row or pixel size); is/js: between tap rows/columns
  ;;   (dilation times row or pixel size).
  (func (export "filter_grad_1x4")
    (param $x i32) (param $dy i32) (param $dw i32) (param $oh i32) (param $ow i32) (param $fh i32) (param $fw i32)
    (param $c i32) (param $o i32) (param $ys i32) (param $xs i32) (param $is i32) (param $js i32)
    (local $y i32) (local $i i32) (local $j i32) (local $k i32) (local $b i32) (local $n i32)
    (local $yx i32) (local $ydy i32) (local $wp i32) (local $px i32) (local $pd i32) (local $dyPix i32)
    (local $s v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $dyPix (i32.shl (local.get $o) (i32.const 2)))
    (local.set $yx (local.get $x))
    (local.set $ydy (local.get $dy))
    (local.set $y (local.get $oh))
    (loop $rows
      (local.set $wp (local.get $dw))
      (local.set $i (i32.const 0))
      (loop $taprows
        (local.set $j (i32.const 0))
        (loop $tapcols
          (local.set $k (i32.const 0))
          (loop $channels
            (local.set $b (i32.const 0))
            (loop $blocks
              (local.set $a0 (v128.load (local.get $wp)))
              (local.set $a1 (v128.load offset=16 (local.get $wp)))
              (local.set $a2 (v128.load offset=32 (local.get $wp)))
              (local.set $a3 (v128.load offset=48 (local.get $wp)))
              ;; x at (y, 0) + tap (i, j) + channel k; dy at (y, 0) + filter block b
              (local.set $px
                (i32.add (local.get $yx)
                  (i32.add (i32.add (i32.mul (local.get $i) (local.get $is)) (i32.mul (local.get $j) (local.get $js)))
                    (i32.shl (local.get $k) (i32.const 2)))))
              (local.set $pd (i32.add (local.get $ydy) (i32.shl (local.get $b) (i32.const 6))))
              (local.set $n (local.get $ow))
              (loop $pixels
                (local.set $s (v128.load32_splat (local.get $px)))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $s) (v128.load (local.get $pd)))))
                (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $pd)))))
                (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $s) (v128.load offset=32 (local.get $pd)))))
                (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $s) (v128.load offset=48 (local.get $pd)))))
                (local.set $px (i32.add (local.get $px) (local.get $xs)))
                (local.set $pd (i32.add (local.get $pd) (local.get $dyPix)))
                (br_if $pixels (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
              (v128.store (local.get $wp) (local.get $a0))
              (v128.store offset=16 (local.get $wp) (local.get $a1))
              (v128.store offset=32 (local.get $wp) (local.get $a2))
              (v128.store offset=48 (local.get $wp) (local.get $a3))
              (local.set $wp (i32.add (local.get $wp) (i32.const 64)))
              (br_if $blocks (i32.lt_u (i32.shl (local.tee $b (i32.add (local.get $b) (i32.const 1))) (i32.const 4)) (local.get $o))))
            (br_if $channels (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $c))))
          (br_if $tapcols (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $fw))))
        (br_if $taprows (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $fh))))
      (local.set $yx (i32.add (local.get $yx) (local.get $ys)))
      (local.set $ydy (i32.add (local.get $ydy) (i32.mul (local.get $ow) (local.get $dyPix))))
      (br_if $rows (local.tee $y (i32.sub (local.get $y) (i32.const 1))))))

  ;; filter_grad_4x1: the same sums four input channels at a time (c a multiple of 4), four filters at a time (o a
  ;; multiple of 4): one load of dy feeds four products.
  (func (export "filter_grad_4x1")
    (param $x i32) (param $dy i32) (param $dw i32) (param $oh i32) (param $ow i32) (param $fh i32) (param $fw i32)
    (param $c i32) (param $o i32) (param $ys i32) (param $xs i32) (param $is i32) (param $js i32)
    (local $y i32) (local $i i32) (local $j i32) (local $k i32) (local $b i32) (local $n i32)
    (local $yx i32) (local $ydy i32) (local $tap i32) (local $wp i32) (local $px i32) (local $pd i32) (local $dyPix i32)
    (local $d v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $dyPix (i32.shl (local.get $o) (i32.const 2)))
    (local.set $yx (local.get $x))
    (local.set $ydy (local.get $dy))
    (local.set $y (local.get $oh))
    (loop $rows
      (local.set $tap (local.get $dw))
      (local.set $i (i32.const 0))
      (loop $taprows
        (local.set $j (i32.const 0))
        (loop $tapcols
          (local.set $k (i32.const 0))
          (loop $channels
            (local.set $b (i32.const 0))
            (loop $blocks
              ;; dw rows k..k+3 of this tap, filters 4b..4b+3; each row is o floats long
              (local.set $wp (i32.add (i32.add (local.get $tap) (i32.mul (local.get $k) (local.get $dyPix))) (i32.shl (local.get $b) (i32.const 4))))
              (local.set $a0 (v128.load (local.get $wp)))
              (local.set $a1 (v128.load (i32.add (local.get $wp) (local.get $dyPix))))
              (local.set $a2 (v128.load (i32.add (local.get $wp) (i32.shl (local.get $dyPix) (i32.const 1)))))
              (local.set $a3 (v128.load (i32.add (local.get $wp) (i32.mul (local.get $dyPix) (i32.const 3)))))
              (local.set $px
                (i32.add (local.get $yx)
                  (i32.add (i32.add (i32.mul (local.get $i) (local.get $is)) (i32.mul (local.get $j) (local.get $js)))
                    (i32.shl (local.get $k) (i32.const 2)))))
              (local.set $pd (i32.add (local.get $ydy) (i32.shl (local.get $b) (i32.const 4))))
              (local.set $n (local.get $ow))
              (loop $pixels
                (local.set $d (v128.load (local.get $pd)))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load32_splat (local.get $px)) (local.get $d))))
                (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (v128.load32_splat offset=4 (local.get $px)) (local.get $d))))
                (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (v128.load32_splat offset=8 (local.get $px)) (local.get $d))))
                (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (v128.load32_splat offset=12 (local.get $px)) (local.get $d))))
                (local.set $px (i32.add (local.get $px) (local.get $xs)))
                (local.set $pd (i32.add (local.get $pd) (local.get $dyPix)))
                (br_if $pixels (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
              (v128.store (local.get $wp) (local.get $a0))
              (v128.store (i32.add (local.get $wp) (local.get $dyPix)) (local.get $a1))
              (v128.store (i32.add (local.get $wp) (i32.shl (local.get $dyPix) (i32.const 1))) (local.get $a2))
              (v128.store (i32.add (local.get $wp) (i32.mul (local.get $dyPix) (i32.const 3))) (local.get $a3))
              (br_if $blocks (i32.lt_u (i32.shl (local.tee $b (i32.add (local.get $b) (i32.const 1))) (i32.const 2)) (local.get $o))))
            (br_if $channels (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 4))) (local.get $c))))
          (local.set $tap (i32.add (local.get $tap) (i32.mul (local.get $c) (local.get $dyPix))))
          (br_if $tapcols (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $fw))))
        (br_if $taprows (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $fh))))
      (local.set $yx (i32.add (local.get $yx) (local.get $ys)))
      (local.set $ydy (i32.add (local.get $ydy) (i32.mul (local.get $ow) (local.get $dyPix))))
      (br_if $rows (local.tee $y (i32.sub (local.get $y) (i32.const 1))))))

  ;; filter_grad_1x1: any number of channels, four filters at a time (o a multiple of 4).
  (func (export "filter_grad_1x1")
    (param $x i32) (param $dy i32) (param $dw i32) (param $oh i32) (param $ow i32) (param $fh i32) (param $fw i32)
    (param $c i32) (param $o i32) (param $ys i32) (param $xs i32) (param $is i32) (param $js i32)
    (local $y i32) (local $i i32) (local $j i32) (local $k i32) (local $b i32) (local $n i32)
    (local $yx i32) (local $ydy i32) (local $wp i32) (local $px i32) (local $pd i32) (local $dyPix i32)
    (local $a0 v128)
    (local.set $dyPix (i32.shl (local.get $o) (i32.const 2)))
    (local.set $yx (local.get $x))
    (local.set $ydy (local.get $dy))
    (local.set $y (local.get $oh))
    (loop $rows
      (local.set $wp (local.get $dw))
      (local.set $i (i32.const 0))
      (loop $taprows
        (local.set $j (i32.const 0))
        (loop $tapcols
          (local.set $k (i32.const 0))
          (loop $channels
            (local.set $b (i32.const 0))
            (loop $blocks
              (local.set $a0 (v128.load (local.get $wp)))
              (local.set $px
                (i32.add (local.get $yx)
                  (i32.add (i32.add (i32.mul (local.get $i) (local.get $is)) (i32.mul (local.get $j) (local.get $js)))
                    (i32.shl (local.get $k) (i32.const 2)))))
              (local.set $pd (i32.add (local.get $ydy) (i32.shl (local.get $b) (i32.const 4))))
              (local.set $n (local.get $ow))
              (loop $pixels
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load32_splat (local.get $px)) (v128.load (local.get $pd)))))
                (local.set $px (i32.add (local.get $px) (local.get $xs)))
                (local.set $pd (i32.add (local.get $pd) (local.get $dyPix)))
                (br_if $pixels (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
              (v128.store (local.get $wp) (local.get $a0))
              (local.set $wp (i32.add (local.get $wp) (i32.const 16)))
              (br_if $blocks (i32.lt_u (i32.shl (local.tee $b (i32.add (local.get $b) (i32.const 1))) (i32.const 2)) (local.get $o))))
            (br_if $channels (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $c))))
          (br_if $tapcols (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $fw))))
        (br_if $taprows (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $fh))))
      (local.set $yx (i32.add (local.get $yx) (local.get $ys)))
      (local.set $ydy (i32.add (local.get $ydy) (i32.mul (local.get $ow) (local.get $dyPix))))
      (br_if $rows (local.tee $y (i32.sub (local.get $y) (i32.const 1))))))

  ;; corr_1x4: out[y, x, o] = sum over (i, j, k) of x[y·sh + i·dh, x·sw + j·dw, k] · w[i, j, k, o], a convolution
  ;; (cross-correlation) in NHWC: one output pixel and sixteen filters at a time (o a multiple of 16), any channels.
  ;;   x: the padded sample at its origin; w: [fh, fw, c, o]; out: the sample's [oh, ow, o] (written, not added to);
  ;;   ys/xs/is/js as in filter_grad.
  (func (export "corr_1x4")
    (param $x i32) (param $w i32) (param $out i32) (param $oh i32) (param $ow i32) (param $fh i32) (param $fw i32)
    (param $c i32) (param $o i32) (param $ys i32) (param $xs i32) (param $is i32) (param $js i32)
    (local $y i32) (local $xo i32) (local $b i32) (local $i i32) (local $j i32) (local $k i32)
    (local $base i32) (local $px i32) (local $wp i32) (local $wrow i32)
    (local $s v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $wrow (i32.shl (local.get $o) (i32.const 2)))
    (local.set $y (i32.const 0))
    (loop $rows
      (local.set $xo (i32.const 0))
      (loop $cols
        (local.set $base (i32.add (local.get $x) (i32.add (i32.mul (local.get $y) (local.get $ys)) (i32.mul (local.get $xo) (local.get $xs)))))
        (local.set $b (i32.const 0))
        (loop $blocks
          (local.set $a0 (v128.const i32x4 0 0 0 0))
          (local.set $a1 (v128.const i32x4 0 0 0 0))
          (local.set $a2 (v128.const i32x4 0 0 0 0))
          (local.set $a3 (v128.const i32x4 0 0 0 0))
          (local.set $wp (i32.add (local.get $w) (i32.shl (local.get $b) (i32.const 6))))
          (local.set $i (i32.const 0))
          (loop $taprows
            (local.set $j (i32.const 0))
            (loop $tapcols
              (local.set $px (i32.add (local.get $base) (i32.add (i32.mul (local.get $i) (local.get $is)) (i32.mul (local.get $j) (local.get $js)))))
              (local.set $k (local.get $c))
              (loop $channels
                (local.set $s (v128.load32_splat (local.get $px)))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $s) (v128.load (local.get $wp)))))
                (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $wp)))))
                (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $s) (v128.load offset=32 (local.get $wp)))))
                (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $s) (v128.load offset=48 (local.get $wp)))))
                (local.set $px (i32.add (local.get $px) (i32.const 4)))
                (local.set $wp (i32.add (local.get $wp) (local.get $wrow)))
                (br_if $channels (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
              (br_if $tapcols (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $fw))))
            (br_if $taprows (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $fh))))
          (v128.store (local.get $out) (local.get $a0))
          (v128.store offset=16 (local.get $out) (local.get $a1))
          (v128.store offset=32 (local.get $out) (local.get $a2))
          (v128.store offset=48 (local.get $out) (local.get $a3))
          (local.set $out (i32.add (local.get $out) (i32.const 64)))
          (br_if $blocks (i32.lt_u (i32.shl (local.tee $b (i32.add (local.get $b) (i32.const 1))) (i32.const 4)) (local.get $o))))
        (br_if $cols (i32.lt_u (local.tee $xo (i32.add (local.get $xo) (i32.const 1))) (local.get $ow))))
      (br_if $rows (i32.lt_u (local.tee $y (i32.add (local.get $y) (i32.const 1))) (local.get $oh)))))

  ;; corr_4x1: the same convolution four output pixels along a row and four filters at a time (ow and o multiples of
  ;; 4): one load of the filter feeds four products.
  (func (export "corr_4x1")
    (param $x i32) (param $w i32) (param $out i32) (param $oh i32) (param $ow i32) (param $fh i32) (param $fw i32)
    (param $c i32) (param $o i32) (param $ys i32) (param $xs i32) (param $is i32) (param $js i32)
    (local $y i32) (local $xo i32) (local $b i32) (local $i i32) (local $j i32) (local $k i32)
    (local $base i32) (local $px i32) (local $wp i32) (local $wrow i32) (local $xs2 i32) (local $xs3 i32) (local $dst i32)
    (local $v v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $wrow (i32.shl (local.get $o) (i32.const 2)))
    (local.set $xs2 (i32.shl (local.get $xs) (i32.const 1)))
    (local.set $xs3 (i32.mul (local.get $xs) (i32.const 3)))
    (local.set $y (i32.const 0))
    (loop $rows
      (local.set $xo (i32.const 0))
      (loop $cols
        (local.set $base (i32.add (local.get $x) (i32.add (i32.mul (local.get $y) (local.get $ys)) (i32.mul (local.get $xo) (local.get $xs)))))
        (local.set $b (i32.const 0))
        (loop $blocks
          (local.set $a0 (v128.const i32x4 0 0 0 0))
          (local.set $a1 (v128.const i32x4 0 0 0 0))
          (local.set $a2 (v128.const i32x4 0 0 0 0))
          (local.set $a3 (v128.const i32x4 0 0 0 0))
          (local.set $wp (i32.add (local.get $w) (i32.shl (local.get $b) (i32.const 4))))
          (local.set $i (i32.const 0))
          (loop $taprows
            (local.set $j (i32.const 0))
            (loop $tapcols
              (local.set $px (i32.add (local.get $base) (i32.add (i32.mul (local.get $i) (local.get $is)) (i32.mul (local.get $j) (local.get $js)))))
              (local.set $k (local.get $c))
              (loop $channels
                (local.set $v (v128.load (local.get $wp)))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load32_splat (local.get $px)) (local.get $v))))
                (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (v128.load32_splat (i32.add (local.get $px) (local.get $xs))) (local.get $v))))
                (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (v128.load32_splat (i32.add (local.get $px) (local.get $xs2))) (local.get $v))))
                (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (v128.load32_splat (i32.add (local.get $px) (local.get $xs3))) (local.get $v))))
                (local.set $px (i32.add (local.get $px) (i32.const 4)))
                (local.set $wp (i32.add (local.get $wp) (local.get $wrow)))
                (br_if $channels (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
              (br_if $tapcols (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $fw))))
            (br_if $taprows (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $fh))))
          ;; pixels xo..xo+3, filters 4b..4b+3
          (local.set $dst (i32.add (local.get $out) (i32.add (i32.mul (i32.add (i32.mul (local.get $y) (local.get $ow)) (local.get $xo)) (local.get $wrow)) (i32.shl (local.get $b) (i32.const 4)))))
          (v128.store (local.get $dst) (local.get $a0))
          (v128.store (i32.add (local.get $dst) (local.get $wrow)) (local.get $a1))
          (v128.store (i32.add (local.get $dst) (i32.shl (local.get $wrow) (i32.const 1))) (local.get $a2))
          (v128.store (i32.add (local.get $dst) (i32.mul (local.get $wrow) (i32.const 3))) (local.get $a3))
          (br_if $blocks (i32.lt_u (i32.shl (local.tee $b (i32.add (local.get $b) (i32.const 1))) (i32.const 2)) (local.get $o))))
        (br_if $cols (i32.lt_u (local.tee $xo (i32.add (local.get $xo) (i32.const 4))) (local.get $ow))))
      (br_if $rows (i32.lt_u (local.tee $y (i32.add (local.get $y) (i32.const 1))) (local.get $oh)))))

  ;; input_grad: dx[y·sh + i·dh, x·sw + j·dw, c] += sum over o of dy[y, x, o] · w[i, j, c, o], scattered from each
  ;; dy pixel to its taps (also the forward pass of a transposed convolution). Four channels at a time: wt is the
  ;; filter rearranged as [fh, fw, o, cp] with cp = 4·cb channels, zero beyond c, and o a multiple of 4. When c is not
  ;; a multiple of 4 the last block's extra lanes add zero to the next pixel's first channels, so dx must have 16
  ;; spare bytes after its end.
  ;;   dy: the sample's [oh, ow, o]; dx: the padded sample at its origin, zeroed or holding sums to add to;
  ;;   ys/xs/is/js as in filter_grad, in dx.
  (func (export "input_grad")
    (param $dy i32) (param $wt i32) (param $dx i32) (param $oh i32) (param $ow i32) (param $fh i32) (param $fw i32)
    (param $cb i32) (param $o i32) (param $ys i32) (param $xs i32) (param $is i32) (param $js i32)
    (local $y i32) (local $x i32) (local $i i32) (local $j i32) (local $k i32) (local $q i32)
    (local $pd i32) (local $base i32) (local $dst i32) (local $wp i32) (local $w i32) (local $p i32) (local $cpBytes i32) (local $tapBytes i32)
    (local $acc v128)
    (local.set $cpBytes (i32.shl (local.get $cb) (i32.const 4)))
    (local.set $tapBytes (i32.mul (local.get $o) (local.get $cpBytes)))
    (local.set $pd (local.get $dy))
    (local.set $y (i32.const 0))
    (loop $rows
      (local.set $x (i32.const 0))
      (loop $cols
        (local.set $base (i32.add (local.get $dx) (i32.add (i32.mul (local.get $y) (local.get $ys)) (i32.mul (local.get $x) (local.get $xs)))))
        (local.set $wp (local.get $wt))
        (local.set $i (i32.const 0))
        (loop $taprows
          (local.set $j (i32.const 0))
          (loop $tapcols
            (local.set $dst (i32.add (local.get $base) (i32.add (i32.mul (local.get $i) (local.get $is)) (i32.mul (local.get $j) (local.get $js)))))
            (local.set $k (i32.const 0))
            (loop $blocks
              (local.set $acc (v128.load (local.get $dst)))
              (local.set $w (i32.add (local.get $wp) (i32.shl (local.get $k) (i32.const 4))))
              (local.set $p (local.get $pd))
              (local.set $q (local.get $o))
              (loop $filters
                ;; four filters: a balanced sum, so the running sum waits on one add per four products
                (local.set $acc
                  (f32x4.add (local.get $acc)
                    (f32x4.add
                      (f32x4.add
                        (f32x4.mul (v128.load32_splat (local.get $p)) (v128.load (local.get $w)))
                        (f32x4.mul (v128.load32_splat offset=4 (local.get $p)) (v128.load (i32.add (local.get $w) (local.get $cpBytes)))))
                      (f32x4.add
                        (f32x4.mul (v128.load32_splat offset=8 (local.get $p)) (v128.load (i32.add (local.get $w) (i32.shl (local.get $cpBytes) (i32.const 1)))))
                        (f32x4.mul (v128.load32_splat offset=12 (local.get $p)) (v128.load (i32.add (local.get $w) (i32.mul (local.get $cpBytes) (i32.const 3)))))))))
                (local.set $p (i32.add (local.get $p) (i32.const 16)))
                (local.set $w (i32.add (local.get $w) (i32.shl (local.get $cpBytes) (i32.const 2))))
                (br_if $filters (local.tee $q (i32.sub (local.get $q) (i32.const 4)))))
              (v128.store (local.get $dst) (local.get $acc))
              (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
              (br_if $blocks (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $cb))))
            (local.set $wp (i32.add (local.get $wp) (local.get $tapBytes)))
            (br_if $tapcols (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $fw))))
          (br_if $taprows (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $fh))))
        (local.set $pd (i32.add (local.get $pd) (i32.shl (local.get $o) (i32.const 2))))
        (br_if $cols (i32.lt_u (local.tee $x (i32.add (local.get $x) (i32.const 1))) (local.get $ow))))
      (br_if $rows (i32.lt_u (local.tee $y (i32.add (local.get $y) (i32.const 1))) (local.get $oh)))))

  ;; maxpool_grad: for pooling windows that do not overlap (strides equal to the window, no padding), each window's
  ;; gradient goes to its first largest input, as tf.js's CPU backend does: its scan starts from -Infinity and moves
  ;; only to a strictly larger value, so NaNs are never picked and a window of only NaNs and -Infinity gets nothing
  ;; (a pmax chain from -Infinity does exactly that). Four channels at a time (c a multiple of 4); every other element
  ;; of the window gets 0.
  ;;   x, dx: the sample's [h, w, c] input and gradient; dy: its [oh, ow, c] gradient;
  ;;   row: bytes per row of x; pix: bytes per pixel (4·c); cb = c / 4.
  (func (export "maxpool_grad")
    (param $x i32) (param $dy i32) (param $dx i32) (param $oh i32) (param $ow i32) (param $ph i32) (param $pw i32)
    (param $cb i32) (param $row i32) (param $pix i32)
    (local $y i32) (local $xo i32) (local $k i32) (local $i i32) (local $j i32)
    (local $win i32) (local $at i32) (local $pd i32) (local $off i32)
    (local $m v128) (local $v v128) (local $g v128) (local $taken v128) (local $hit v128)
    (local.set $pd (local.get $dy))
    (local.set $y (i32.const 0))
    (loop $rows
      (local.set $xo (i32.const 0))
      (loop $cols
        ;; the window's top-left corner, relative to x and dx
        (local.set $win (i32.add (i32.mul (i32.mul (local.get $y) (local.get $ph)) (local.get $row)) (i32.mul (i32.mul (local.get $xo) (local.get $pw)) (local.get $pix))))
        (local.set $k (i32.const 0))
        (loop $blocks
          (local.set $off (i32.add (local.get $win) (i32.shl (local.get $k) (i32.const 4))))
          ;; pass 1: the value the CPU backend's scan settles on
          (local.set $m (v128.const f32x4 -inf -inf -inf -inf))
          (local.set $i (i32.const 0))
          (loop $mrows
            (local.set $j (i32.const 0))
            (loop $mcols
              (local.set $at (i32.add (local.get $off) (i32.add (i32.mul (local.get $i) (local.get $row)) (i32.mul (local.get $j) (local.get $pix)))))
              (local.set $m (f32x4.pmax (local.get $m) (v128.load (i32.add (local.get $x) (local.get $at)))))
              (br_if $mcols (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $pw))))
            (br_if $mrows (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $ph))))
          ;; pass 2: the first element equal to it takes dy (none where it stayed -Infinity)
          (local.set $g (v128.load (local.get $pd)))
          (local.set $taken (f32x4.eq (local.get $m) (v128.const f32x4 -inf -inf -inf -inf)))
          (local.set $i (i32.const 0))
          (loop $arows
            (local.set $j (i32.const 0))
            (loop $acols
              (local.set $at (i32.add (local.get $off) (i32.add (i32.mul (local.get $i) (local.get $row)) (i32.mul (local.get $j) (local.get $pix)))))
              (local.set $hit (v128.andnot (f32x4.eq (v128.load (i32.add (local.get $x) (local.get $at))) (local.get $m)) (local.get $taken)))
              (v128.store (i32.add (local.get $dx) (local.get $at)) (v128.and (local.get $g) (local.get $hit)))
              (local.set $taken (v128.or (local.get $taken) (local.get $hit)))
              (br_if $acols (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $pw))))
            (br_if $arows (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $ph))))
          (local.set $pd (i32.add (local.get $pd) (i32.const 16)))
          (br_if $blocks (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $cb))))
        (br_if $cols (i32.lt_u (local.tee $xo (i32.add (local.get $xo) (i32.const 1))) (local.get $ow))))
      (br_if $rows (i32.lt_u (local.tee $y (i32.add (local.get $y) (i32.const 1))) (local.get $oh)))))
)

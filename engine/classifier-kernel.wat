;; The per-ticket work of engine/classifier.ts (`classify`): featurise, look up, add the postings,
;; softmax over the labels near the best. It is WebAssembly because it runs for every ticket and the
;; same loops as TypeScript typed-array code take about 1.5 times as long. It computes what
;; `featurize` and `scoreAll` in classifier.ts compute, in the same order; the tests compare the two.
;;
;; Build: `npm run build:kernel` compiles this file into classifier-kernel.ts (base64); a unit test
;; fails when that file is out of date.
;;
;; Memory (byte offsets set by `layout`): the model's lookup table (u32 pairs) and postings (i32),
;; the e^-x table (f64), per label: scores (f64, all 0 between calls), shares (f64), gathered (i32),
;; touched (i32, one spare), marked (u8, all 0 between calls); per feature of the text: hashes
;; (u32), values (f64, in weight units) and found (u32); set by `textLayout`: the case-folding table
;; (u16 per code unit below 0x250) and the text (UTF-16 code units, written by the caller).
(module
  (import "env" "exp" (func $exp (param f64) (result f64)))
  (memory (export "memory") 1)
  (global $table (mut i32) (i32.const 0))
  (global $postings (mut i32) (i32.const 0))
  (global $expTable (mut i32) (i32.const 0))
  (global $scores (mut i32) (i32.const 0))
  (global $shares (mut i32) (i32.const 0))
  (global $gathered (mut i32) (i32.const 0))
  (global $touched (mut i32) (i32.const 0))
  (global $marked (mut i32) (i32.const 0))
  (global $hashes (mut i32) (i32.const 0))
  (global $values (mut i32) (i32.const 0))
  (global $found (mut i32) (i32.const 0))
  (global $text (mut i32) (i32.const 0))
  (global $fold (mut i32) (i32.const 0))
  (global $sum (mut f64) (f64.const 0))

  (func (export "layout")
    (param $table i32) (param $postings i32) (param $expTable i32) (param $scores i32)
    (param $shares i32) (param $gathered i32) (param $touched i32) (param $marked i32)
    (param $hashes i32) (param $values i32) (param $found i32)
    (global.set $table (local.get $table))
    (global.set $postings (local.get $postings))
    (global.set $expTable (local.get $expTable))
    (global.set $scores (local.get $scores))
    (global.set $shares (local.get $shares))
    (global.set $gathered (local.get $gathered))
    (global.set $touched (local.get $touched))
    (global.set $marked (local.get $marked))
    (global.set $hashes (local.get $hashes))
    (global.set $values (local.get $values))
    (global.set $found (local.get $found)))

  (func (export "sum") (result f64) (global.get $sum))

  ;; Where the caller writes the text (UTF-16 code units) and where the case-folding table
  ;; (u16 per code unit below 0x250) is.
  (func (export "textLayout") (param $text i32) (param $fold i32)
    (global.set $text (local.get $text))
    (global.set $fold (local.get $fold)))

  ;; `featurize` of classifier.ts without character n-grams: hashes of word unigrams, word pairs
  ;; and word prefixes into `hashes`, each valued 1 / sqrt(count) * weightUnit in `values`.
  ;; Returns the number of features.
  (func $featurize (param $length i32) (param $prefixLength i32) (param $weightUnit f64) (result i32)
    (local $i i32) (local $code i32) (local $hash i32) (local $prefixHash i32) (local $previousWord i32)
    (local $wordLength i32) (local $count i32) (local $value f64)
    (local.set $hash (i32.const 0x811c9dc5))
    (block $done
      (loop $chars
        (br_if $done (i32.gt_u (local.get $i) (local.get $length)))
        (local.set $code (i32.const 0))
        (if (i32.lt_u (local.get $i) (local.get $length))
          (then
            (local.set $code (i32.load16_u (i32.add (global.get $text) (i32.shl (local.get $i) (i32.const 1)))))
            (if (i32.lt_u (local.get $code) (i32.const 0x250))
              (then (local.set $code (i32.load16_u (i32.add (global.get $fold) (i32.shl (local.get $code) (i32.const 1))))))
              (else
                (if (i32.or
                      (i32.and (i32.ge_u (local.get $code) (i32.const 0x2000)) (i32.le_u (local.get $code) (i32.const 0x2bff)))
                      (i32.or (i32.eq (local.get $code) (i32.const 0x3000)) (i32.eq (local.get $code) (i32.const 0xfeff))))
                  (then (local.set $code (i32.const 0))))))))
        (if (local.get $code)
          (then
            (local.set $hash (i32.mul (i32.xor (local.get $hash) (local.get $code)) (i32.const 0x01000193)))
            (local.set $wordLength (i32.add (local.get $wordLength) (i32.const 1)))
            (if (i32.eq (local.get $wordLength) (local.get $prefixLength))
              (then (local.set $prefixHash (local.get $hash)))))
          (else
            (if (local.get $wordLength)
              (then
                (i32.store (i32.add (global.get $hashes) (i32.shl (local.get $count) (i32.const 2)))
                  (i32.mul (i32.xor (local.get $hash) (i32.const 0x9e3779b1)) (i32.const 0x01000193)))
                (local.set $count (i32.add (local.get $count) (i32.const 1)))
                (if (local.get $previousWord)
                  (then
                    (i32.store (i32.add (global.get $hashes) (i32.shl (local.get $count) (i32.const 2)))
                      (i32.mul
                        (i32.xor
                          (i32.mul (i32.xor (local.get $previousWord) (local.get $hash)) (i32.const 0x01000193))
                          (i32.const 0x85ebca6b))
                        (i32.const 0x01000193)))
                    (local.set $count (i32.add (local.get $count) (i32.const 1)))))
                (if (i32.and (i32.gt_s (local.get $prefixLength) (i32.const 0)) (i32.gt_u (local.get $wordLength) (local.get $prefixLength)))
                  (then
                    (i32.store (i32.add (global.get $hashes) (i32.shl (local.get $count) (i32.const 2)))
                      (i32.mul (i32.xor (local.get $prefixHash) (i32.const 0xc2b2ae35)) (i32.const 0x01000193)))
                    (local.set $count (i32.add (local.get $count) (i32.const 1)))))
                (local.set $previousWord (local.get $hash))
                (local.set $hash (i32.const 0x811c9dc5))
                (local.set $wordLength (i32.const 0))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $chars)))
    (if (local.get $count)
      (then
        (local.set $value (f64.mul
          (f64.div (f64.const 1) (f64.sqrt (f64.convert_i32_u (local.get $count))))
          (local.get $weightUnit)))))
    (local.set $i (i32.const 0))
    (block $done
      (loop $values
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (f64.store (i32.add (global.get $values) (i32.shl (local.get $i) (i32.const 3))) (local.get $value))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $values)))
    (local.get $count))

  ;; `featurize` then `classify`, for a text the caller wrote at `text`.
  (func (export "classifyText")
    (param $length i32) (param $prefixLength i32) (param $weightUnit f64) (param $mask i32)
    (param $labelCount i32) (param $cutoff f64) (param $inverseTemperature f64) (param $topK i32) (result i32)
    (call $classify
      (call $featurize (local.get $length) (local.get $prefixLength) (local.get $weightUnit))
      (local.get $mask) (local.get $labelCount) (local.get $cutoff) (local.get $inverseTemperature) (local.get $topK)))

  ;; Returns how many labels it gathered (index in `gathered`, share in `shares`) and leaves the
  ;; softmax denominator in `sum`.
  (func $classify (export "classify")
    (param $count i32) (param $mask i32) (param $labelCount i32) (param $cutoff f64)
    (param $inverseTemperature f64) (param $topK i32) (result i32)
    (local $i i32) (local $hash i32) (local $slot i32) (local $entry i32) (local $k i32)
    (local $end i32) (local $posting i32) (local $cls i32) (local $address i32) (local $value f64)
    (local $touchedCount i32) (local $near i32) (local $kept i32) (local $score f64) (local $max f64)
    (local $floor f64) (local $zeroShare f64) (local $sum f64) (local $share f64) (local $position f64)
    (local $index i32) (local $low f64) (local $untouched i32) (local $added i32)

    ;; Find every feature's postings (independent reads, so their cache misses overlap).
    (block $done
      (loop $features
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $hash (i32.load (i32.add (global.get $hashes) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $slot (i32.and (local.get $hash) (local.get $mask)))
        (block $found
          (loop $probe
            (local.set $entry (i32.load offset=4 (i32.add (global.get $table) (i32.shl (local.get $slot) (i32.const 3)))))
            (br_if $found (i32.eqz (local.get $entry)))
            (br_if $found (i32.eq (local.get $hash)
              (i32.load (i32.add (global.get $table) (i32.shl (local.get $slot) (i32.const 3))))))
            (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (local.get $mask)))
            (br $probe)))
        (i32.store (i32.add (global.get $found) (i32.shl (local.get $i) (i32.const 2))) (local.get $entry))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $features)))

    ;; Add the postings up, collecting the labels they reach.
    (local.set $i (i32.const 0))
    (block $done
      (loop $features
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $entry (i32.load (i32.add (global.get $found) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $value (f64.load (i32.add (global.get $values) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $k (i32.shr_u (local.get $entry) (i32.const 8)))
        (local.set $end (i32.add (local.get $k) (i32.and (local.get $entry) (i32.const 255))))
        (block $postingsDone
          (loop $postings
            (br_if $postingsDone (i32.ge_u (local.get $k) (local.get $end)))
            (local.set $posting (i32.load (i32.add (global.get $postings) (i32.shl (local.get $k) (i32.const 2)))))
            (local.set $cls (i32.and (local.get $posting) (i32.const 0xffff)))
            (local.set $address (i32.add (global.get $scores) (i32.shl (local.get $cls) (i32.const 3))))
            (f64.store (local.get $address)
              (f64.add (f64.load (local.get $address))
                (f64.mul (f64.convert_i32_s (i32.shr_s (local.get $posting) (i32.const 16))) (local.get $value))))
            (i32.store (i32.add (global.get $touched) (i32.shl (local.get $touchedCount) (i32.const 2))) (local.get $cls))
            (local.set $touchedCount (i32.add (local.get $touchedCount)
              (i32.sub (i32.const 1) (i32.load8_u (i32.add (global.get $marked) (local.get $cls))))))
            (i32.store8 (i32.add (global.get $marked) (local.get $cls)) (i32.const 1))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $postings)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $features)))

    ;; One pass over the touched labels: clear their scores, find the best, and gather every label
    ;; within reach of the best seen so far.
    (local.set $untouched (i32.sub (local.get $labelCount) (local.get $touchedCount)))
    (local.set $max (select (f64.const 0) (f64.const -inf) (i32.gt_s (local.get $untouched) (i32.const 0))))
    (local.set $i (i32.const 0))
    (block $done
      (loop $labels
        (br_if $done (i32.ge_u (local.get $i) (local.get $touchedCount)))
        (local.set $cls (i32.load (i32.add (global.get $touched) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $address (i32.add (global.get $scores) (i32.shl (local.get $cls) (i32.const 3))))
        (local.set $score (f64.load (local.get $address)))
        (f64.store (local.get $address) (f64.const 0))
        (i32.store (i32.add (global.get $gathered) (i32.shl (local.get $near) (i32.const 2))) (local.get $cls))
        (f64.store (i32.add (global.get $shares) (i32.shl (local.get $near) (i32.const 3))) (local.get $score))
        (local.set $near (i32.add (local.get $near)
          (f64.ge (local.get $score) (f64.sub (local.get $max) (local.get $cutoff)))))
        (local.set $max (f64.max (local.get $max) (local.get $score)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $labels)))

    (local.set $floor (f64.sub (local.get $max) (local.get $cutoff)))
    ;; The untouched labels all score 0 and share one exponential.
    (if (i32.and (i32.gt_s (local.get $untouched) (i32.const 0)) (f64.le (local.get $floor) (f64.const 0)))
      (then (local.set $zeroShare (call $exp (f64.mul (f64.neg (local.get $max)) (local.get $inverseTemperature))))))
    (local.set $sum (f64.mul (f64.convert_i32_s (local.get $untouched)) (local.get $zeroShare)))

    ;; The labels near the best, with e^-x from the table (linear interpolation).
    (local.set $i (i32.const 0))
    (block $done
      (loop $near
        (br_if $done (i32.ge_u (local.get $i) (local.get $near)))
        (local.set $score (f64.load (i32.add (global.get $shares) (i32.shl (local.get $i) (i32.const 3)))))
        (if (f64.ge (local.get $score) (local.get $floor))
          (then
            (local.set $position (f64.mul (f64.mul (f64.sub (local.get $max) (local.get $score)) (local.get $inverseTemperature)) (f64.const 1024)))
            (local.set $index (i32.trunc_f64_s (local.get $position)))
            (local.set $address (i32.add (global.get $expTable) (i32.shl (local.get $index) (i32.const 3))))
            (local.set $low (f64.load (local.get $address)))
            (local.set $share (f64.add (local.get $low)
              (f64.mul (f64.sub (f64.load offset=8 (local.get $address)) (local.get $low))
                (f64.sub (local.get $position) (f64.convert_i32_s (local.get $index))))))
            (i32.store (i32.add (global.get $gathered) (i32.shl (local.get $kept) (i32.const 2)))
              (i32.load (i32.add (global.get $gathered) (i32.shl (local.get $i) (i32.const 2)))))
            (f64.store (i32.add (global.get $shares) (i32.shl (local.get $kept) (i32.const 3))) (local.get $share))
            (local.set $kept (i32.add (local.get $kept) (i32.const 1)))
            (local.set $sum (f64.add (local.get $sum) (local.get $share)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $near)))

    ;; Up to topK untouched labels as candidates, when they count.
    (if (f64.gt (local.get $zeroShare) (f64.const 0))
      (then
        (local.set $cls (i32.const 0))
        (block $done
          (loop $zeros
            (br_if $done (i32.ge_u (local.get $cls) (local.get $labelCount)))
            (br_if $done (i32.ge_u (local.get $added) (local.get $topK)))
            (if (i32.eqz (i32.load8_u (i32.add (global.get $marked) (local.get $cls))))
              (then
                (i32.store (i32.add (global.get $gathered) (i32.shl (local.get $kept) (i32.const 2))) (local.get $cls))
                (f64.store (i32.add (global.get $shares) (i32.shl (local.get $kept) (i32.const 3))) (local.get $zeroShare))
                (local.set $kept (i32.add (local.get $kept) (i32.const 1)))
                (local.set $added (i32.add (local.get $added) (i32.const 1)))))
            (local.set $cls (i32.add (local.get $cls) (i32.const 1)))
            (br $zeros)))))

    ;; Leave the marks at zero for the next text.
    (local.set $i (i32.const 0))
    (block $done
      (loop $clear
        (br_if $done (i32.ge_u (local.get $i) (local.get $touchedCount)))
        (i32.store8 (i32.add (global.get $marked)
          (i32.load (i32.add (global.get $touched) (i32.shl (local.get $i) (i32.const 2))))) (i32.const 0))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $clear)))

    (global.set $sum (local.get $sum))
    (local.get $kept))
)

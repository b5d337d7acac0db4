/**
 * The model shipped with the page (web/assets/model.safetensors), exactly as the CLI wrote it. The
 * accuracy is what `scratchnet eval` measures on the 10000 MNIST test images; a test
 * (test/web/shipped-model.test.ts) measures it again, so this text cannot drift from the file.
 */
export const SHIPPED_MODEL = {
  command:
    'npm run scratchnet -- train --hidden 100 --epochs 10 --optimizer adam --lr 0.001 --weight-init he --sampling shuffle --seed 1 --out /tmp/scratchnet-model',
  testAccuracy: 0.9764,
} as const;

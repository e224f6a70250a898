// What the Train view hands to the Evaluate view ("Open in Evaluate"): the model just trained.
// The Evaluate view reads it when it opens and may clear it.
export const evaluateRequest = $state<{ modelId?: string }>({});

// Node-only entry of @aelab/core (`@aelab/core/node`): backends, run directories, training runs from configs.
export {};

// Evaluation metrics are being written.

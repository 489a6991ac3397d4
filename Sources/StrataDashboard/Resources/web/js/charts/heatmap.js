// heatmap: to come

// silhouette: to come

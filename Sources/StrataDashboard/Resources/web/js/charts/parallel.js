// parallel: to come

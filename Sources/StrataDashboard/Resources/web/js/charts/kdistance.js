// kdistance: to come
